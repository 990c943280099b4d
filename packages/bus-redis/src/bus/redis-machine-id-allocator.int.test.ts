import { afterEach, describe, expect, it } from '@jest/globals';
import {
  Agent,
  AgentBuilder,
  GuildBuilder,
  GemstoneId,
  type ProcessContext,
  ProbeAgent,
  processor,
} from '@guildkit/core';
import { Redis } from 'ioredis';
import { freshNamespace, sleep } from '../__tests__/bus-fixtures';
import { useRedisServer } from '../__tests__/use-redis-server';
import { RedisKeys } from './redis-keys';
import { RedisMachineIdAllocator } from './redis-machine-id-allocator';
import { RedisMessageBus } from './redis-message-bus';

const server = useRedisServer();
const buses: RedisMessageBus[] = [];
function bus(): RedisMessageBus {
  const created = new RedisMessageBus({ url: server().url, leaseMs: 300 });
  buses.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

describe('RedisMachineIdAllocator (RedisMessageBus.machineIds)', () => {
  it('should never give two processes the same id of a guild, and reuse released ids', async () => {
    const ns = freshNamespace();
    const [one, two] = [bus(), bus()];
    const leases = await Promise.all(
      Array.from({ length: 40 }, (_, n) => (n % 2 ? one : two).machineIds.claim(ns)),
    );
    expect(new Set(leases.map((l) => l.id)).size).toBe(40);
    expect(Math.max(...leases.map((l) => l.id))).toBe(39);
    await leases[5]!.release();
    await leases[5]!.release();
    expect((await one.machineIds.claim(ns)).id).toBe(leases[5]!.id);
    expect((await two.machineIds.claim(freshNamespace())).id).toBe(0);
  });

  it('should keep renewed leases past their lease time and free a dead process ids after it', async () => {
    const ns = freshNamespace();
    const alive = bus();
    const held = await alive.machineIds.claim(ns);
    await sleep(900); // three lease periods: renewed meanwhile
    const other = bus();
    expect((await other.machineIds.claim(ns)).id).not.toBe(held.id);
    // A process that dies: its connection goes, nothing renews or releases its id.
    const connection = new Redis(server().port, server().host, { protocol: 2 });
    const dying = new RedisMachineIdAllocator({
      cmd: connection,
      connected: Promise.resolve(),
      keys: (namespace) => new RedisKeys('guildkit:', namespace),
      leaseMs: 300,
      warn: () => undefined,
    });
    const orphan = await dying.claim(ns);
    connection.disconnect();
    await sleep(500);
    expect((await other.machineIds.claim(ns)).id).toBe(orphan.id);
    await dying.close().catch(() => undefined);
  });

  it('should refuse with MACHINE_IDS_EXHAUSTED when all 256 ids of a guild are held', async () => {
    const ns = freshNamespace();
    const b = bus();
    await Promise.all(Array.from({ length: 256 }, () => b.machineIds.claim(ns)));
    await expect(b.machineIds.claim(ns)).rejects.toMatchObject({ code: 'MACHINE_IDS_EXHAUSTED' });
  });

  it('should stamp a guild agents ids with distinct machine ids across two processes', async () => {
    class Echo extends Agent {
      @processor('echo')
      async echo(ctx: ProcessContext): Promise<void> {
        await ctx.sendDict({ ok: true }, { format: 'echo.reply' });
      }
    }
    const id = freshNamespace();
    const spec = (agentId: string) =>
      new AgentBuilder(Echo).setId(agentId).setName(agentId).setDescription('e').buildSpec();
    const launch = (agentId: string, b: RedisMessageBus) =>
      new GuildBuilder({ id })
        .setName('g')
        .setDescription('d')
        .addAgentSpec(spec(agentId))
        .launch('org', { bus: b });
    const [first, second] = [await launch('e1', bus()), await launch('e2', bus())];
    const probe = await ProbeAgent.join(first);
    await probe.publish({ format: 'echo', payload: {} });
    const replies = await probe.waitForMessages(2, 10_000);
    const machines = replies.map((m) => GemstoneId.parse(m.id).machineId);
    expect(new Set(machines).size).toBe(2);
    await Promise.all([first.shutdown(), second.shutdown()]);
  });
});
