import { GuildError } from '../errors/guild-error';
import { type MessageBus } from './message-bus';

/** GemstoneId has 8 bits of machine id: at most this many id sources per guild at once. */
export const MACHINE_ID_COUNT = 256;

/** One machine id held by one id source (an agent, a guild client, the state service). */
export interface MachineIdLease {
  /** 0 .. `MACHINE_ID_COUNT - 1`, unique among the namespace's live leases. */
  readonly id: number;
  /** Gives the id back for reuse. Idempotent. */
  release(): Promise<void>;
}

/**
 * Hands out GemstoneId machine ids so no two id sources of a guild (in any process sharing its
 * bus) stamp ids with the same machine id, which could make two messages share an id. A
 * networked bus provides one as `MessageBus.machineIds` (e.g. leases in Redis that expire
 * when a process dies); otherwise ids are unique per bus object only.
 *
 * @example
 * const lease = await allocator.claim('guild-1');
 * const ids = new GemstoneGenerator(lease.id);
 * await lease.release();
 */
export interface MachineIdAllocator {
  /** Claims a free id in `namespace`; rejects with `MACHINE_IDS_EXHAUSTED` when none is free. */
  claim(namespace: string): Promise<MachineIdLease>;
}

/** The error every allocator gives when all ids of a namespace are taken. */
export function machineIdsExhausted(namespace: string): GuildError {
  return new GuildError(
    'MACHINE_IDS_EXHAUSTED',
    `All ${MACHINE_ID_COUNT} GemstoneId machine ids of guild "${namespace}" are in use (one per ` +
      `agent, guild client and state service, in every process sharing the bus). Remove agents ` +
      `or split them into more guilds.`,
    { details: { namespace, limit: MACHINE_ID_COUNT } },
  );
}

/** Allocates the lowest free id per namespace, in this process; released ids are reused. */
export class InMemoryMachineIdAllocator implements MachineIdAllocator {
  private readonly taken = new Map<string, Set<number>>();

  claim(namespace: string): Promise<MachineIdLease> {
    let used = this.taken.get(namespace);
    if (used === undefined) {
      used = new Set();
      this.taken.set(namespace, used);
    }
    let id = 0;
    while (used.has(id)) id++;
    if (id >= MACHINE_ID_COUNT) return Promise.reject(machineIdsExhausted(namespace));
    used.add(id);
    let released = false;
    return Promise.resolve({
      id,
      release: () => {
        if (!released) {
          released = true;
          used.delete(id);
          if (used.size === 0) this.taken.delete(namespace);
        }
        return Promise.resolve();
      },
    });
  }
}

const fallbacks = new WeakMap<MessageBus, MachineIdAllocator>();

/** The bus's own allocator, or one kept per bus object for a bus that has none. */
export function machineIdsOf(bus: MessageBus): MachineIdAllocator {
  if (bus.machineIds !== undefined) return bus.machineIds;
  let allocator = fallbacks.get(bus);
  if (allocator === undefined) {
    allocator = new InMemoryMachineIdAllocator();
    fallbacks.set(bus, allocator);
  }
  return allocator;
}
