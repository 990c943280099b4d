import { type Redis } from 'ioredis';
import { type RedisBusSettings } from '../config/redis-bus-settings';
import { type AckQueue } from './ack-queue';
import { LuaScript } from './lua-script';
import { pruneConsumers } from './prune-consumers';
import { parseEntries, type StreamEntry } from './stream-replies';

export interface LeaseKeeperInit {
  /** The shared command connection. */
  cmd: Redis;
  group: string;
  consumer: string;
  /** `leaseMs` and `maxInFlight` are used. */
  settings: RedisBusSettings;
  /** Flushed first on every tick, so acknowledgements that failed are sent again. */
  acks: AckQueue;
  /** The subscriber's topic streams now: where idle entries are claimed and consumers pruned. */
  streams: () => Iterable<string>;
  /** Takes an entry claimed from a consumer that left it idle past its lease (it died). */
  claimed: (stream: string, entry: StreamEntry) => Promise<void>;
  warn: (what: string, error: unknown) => void;
}

// Renews only entries this consumer still owns: a consumer that lost its lease (it was frozen)
// must not take an entry back from the consumer now processing it.
const RENEW = new LuaScript(`
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  end
end
return 1`);

/** Every this many upkeep ticks (a tick is `leaseMs / 3`), consumers gone quiet are deleted. */
const PRUNE_EVERY_TICKS = 30;
/** A consumer with nothing pending that has not read for this many leases is gone. */
const PRUNE_AFTER_LEASES = 10;

/**
 * The leases of one consumer in its group: the entries it holds (at most `maxInFlight`),
 * renewed every `leaseMs / 3` so no other consumer claims them. The same tick claims with
 * `XAUTOCLAIM` what other consumers left idle longer than `leaseMs` (they died), and every
 * `PRUNE_EVERY_TICKS` ticks deletes consumers gone quiet.
 *
 * @example
 * const leases = new LeaseKeeper({ cmd, group, consumer, settings, acks, streams, claimed, warn });
 * leases.hold(`${stream} ${id}`, { stream, id }); // before the handler gets it
 * leases.release(`${stream} ${id}`); // on its acknowledgement
 * leases.stop();
 */
export class LeaseKeeper {
  /** `stream id` key -> the entry, for each delivery the handler has not acknowledged. */
  private readonly held = new Map<string, { stream: string; id: string }>();
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;
  private stopped = false;
  /** A method, not a field read, so checks after an `await` are not narrowed away. */
  private isStopped(): boolean {
    return this.stopped;
  }

  constructor(private readonly init: LeaseKeeperInit) {
    const every = Math.max(50, Math.floor(init.settings.leaseMs / 3));
    this.timer = setInterval(() => void this.maintain(), every);
  }

  get size(): number {
    return this.held.size;
  }

  /** How many more entries the consumer may take now (backpressure). */
  free(): number {
    return this.init.settings.maxInFlight - this.held.size;
  }

  holds(key: string): boolean {
    return this.held.has(key);
  }

  hold(key: string, entry: { stream: string; id: string }): void {
    this.held.set(key, entry);
  }

  release(key: string): void {
    this.held.delete(key);
  }

  /** Ends the upkeep; what is held stays pending in Redis for another consumer to claim. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Renews the lease on held entries, then claims entries dead consumers left. */
  private async maintain(): Promise<void> {
    if (this.isStopped()) return;
    try {
      if (this.init.acks.size > 0) await this.init.acks.flush(); // retries failed acknowledgements
      await this.renew();
      await this.claimIdle();
      if (++this.ticks % PRUNE_EVERY_TICKS === 0) await this.pruneQuiet();
    } catch (error) {
      if (!this.isStopped())
        this.init.warn(`lease upkeep of subscriber "${this.init.group}"`, error);
    }
  }

  private async renew(): Promise<void> {
    const { cmd, group, consumer } = this.init;
    const byStream = new Map<string, string[]>();
    for (const { stream, id } of this.held.values()) {
      byStream.set(stream, [...(byStream.get(stream) ?? []), id]);
    }
    for (const [stream, ids] of byStream) await RENEW.run(cmd, [stream], [group, consumer, ...ids]);
  }

  private async claimIdle(): Promise<void> {
    const { cmd, group, consumer, settings } = this.init;
    for (const stream of this.init.streams()) {
      if (this.free() <= 0 || this.isStopped()) break;
      const reply = await cmd.call(
        'XAUTOCLAIM',
        stream,
        group,
        consumer,
        settings.leaseMs,
        '0-0',
        'COUNT',
        this.free(),
      );
      const claimed = Array.isArray(reply) ? parseEntries(reply[1]) : [];
      for (const entry of claimed) await this.init.claimed(stream, entry);
    }
  }

  private async pruneQuiet(): Promise<void> {
    const { cmd, group, consumer, settings } = this.init;
    for (const stream of this.init.streams()) {
      const target = { stream, group, self: consumer };
      await pruneConsumers(cmd, target, settings.leaseMs * PRUNE_AFTER_LEASES);
    }
  }
}
