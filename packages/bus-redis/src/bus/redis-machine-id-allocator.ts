import { randomUUID } from 'node:crypto';
import {
  describeThrown,
  MACHINE_ID_COUNT,
  type MachineIdAllocator,
  type MachineIdLease,
  machineIdsExhausted,
} from '@guildkit/core';
import { type Redis } from 'ioredis';
import { LuaScript } from './lua-script';
import { type RedisKeys } from './redis-keys';

// KEYS[1]: the namespace's machine-id key prefix. Takes the lowest id nobody holds.
const CLAIM = new LuaScript(`
for id = 0, tonumber(ARGV[3]) - 1 do
  if redis.call('SET', KEYS[1] .. id, ARGV[1], 'NX', 'PX', ARGV[2]) then return id end
end
return -1`);
// Renews or deletes a lease only while this owner still holds it.
const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`);
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`);

export interface RedisMachineIdAllocatorInit {
  cmd: Redis;
  /** Settles when the first connection is made (rejects when Redis is unreachable). */
  connected: Promise<void>;
  keys: (namespace: string) => RedisKeys;
  /** A lease not renewed for this long (its process died) frees the id. */
  leaseMs: number;
  warn: (what: string, error: unknown) => void;
}

/**
 * GemstoneId machine ids leased in Redis (`SET NX PX`, renewed every `leaseMs / 3`), so id
 * sources of one guild in different processes and hosts never share one; a killed process's
 * ids come free after `leaseMs`. A process frozen longer than `leaseMs` may find its id taken
 * (it is warned); ids it stamps then can collide with the new holder's only within the same
 * millisecond and sequence number.
 */
export class RedisMachineIdAllocator implements MachineIdAllocator {
  private readonly owner = randomUUID();
  private readonly held = new Map<string, string>(); // lease key -> namespace
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly init: RedisMachineIdAllocatorInit) {
    this.timer = setInterval(() => void this.renew(), Math.max(50, init.leaseMs / 3));
    this.timer.unref();
  }

  async claim(namespace: string): Promise<MachineIdLease> {
    await this.init.connected;
    const prefix = this.init.keys(namespace).machineId('');
    const id = Number(
      await CLAIM.run(this.init.cmd, [prefix], [this.owner, this.init.leaseMs, MACHINE_ID_COUNT]),
    );
    if (id < 0) throw machineIdsExhausted(namespace);
    const key = `${prefix}${id}`;
    this.held.set(key, namespace);
    let released = false;
    return {
      id,
      release: async () => {
        if (released) return;
        released = true;
        this.held.delete(key);
        await RELEASE.run(this.init.cmd, [key], [this.owner]);
      },
    };
  }

  /** Stops renewing and frees every id still held (best effort). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const keys = [...this.held.keys()];
    this.held.clear();
    await Promise.all(keys.map((key) => RELEASE.run(this.init.cmd, [key], [this.owner])));
  }

  private async renew(): Promise<void> {
    for (const [key, namespace] of this.held) {
      try {
        const renewed = await RENEW.run(this.init.cmd, [key], [this.owner, this.init.leaseMs]);
        if (renewed === 0 && this.held.delete(key)) {
          this.init.warn(
            `machine id lease ${key} of guild "${namespace}" expired (this process was frozen?)`,
            new Error('lease lost'),
          );
        }
      } catch (error) {
        this.init.warn(`renewing machine id lease ${key}: ${describeThrown(error).message}`, error);
      }
    }
  }
}
