import { afterEach, describe, expect, it } from '@jest/globals';
import { type Message } from '@guildkit/core';
import { collector, freshNamespace, message, sleep, waitFor } from '../__tests__/bus-fixtures';
import { useRedisServer } from '../__tests__/use-redis-server';
import { type RedisMessageBusOptions } from '../config/redis-bus-settings';
import { RedisMessageBus } from './redis-message-bus';

const server = useRedisServer();
const buses: RedisMessageBus[] = [];

function bus(options: RedisMessageBusOptions = {}): RedisMessageBus {
  const created = new RedisMessageBus({ url: server().url, leaseMs: 1000, ...options });
  buses.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

// The MessageBus contract runs in redis-message-bus.contract.int.test.ts; these are Redis's own.
describe('RedisMessageBus', () => {
  it('should let an observer see every message of the namespace, on every topic, from now on', async () => {
    const ns = freshNamespace();
    const b = bus();
    await b.publish(ns, message(['t1'], 'p', { n: -1 }));
    const seen: [number, string][] = [];
    const tap = await b.observe(ns, (m: Message, topic) =>
      seen.push([m.payload['n'] as number, topic]),
    );
    await b.publish(ns, message(['t1', 't2'], 'p', { n: 1 }));
    await b.publish(ns, message(['t3'], 'p', { n: 2 }));
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([
      [1, 't1'],
      [1, 't2'],
      [2, 't3'],
    ]);
    await tap.unsubscribe();
    await b.publish(ns, message(['t1'], 'p', { n: 3 }));
    await sleep(100);
    expect(seen).toHaveLength(3);
  });

  it('should deliver a message published twice with the same id once', async () => {
    const ns = freshNamespace();
    const b = bus();
    const a = collector('a');
    await b.subscribe(ns, 't', a);
    const m = message(['t'], 'p');
    await b.publish(ns, m);
    await b.publish(ns, m);
    await b.publish(ns, message(['t'], 'p'));
    await waitFor(() => a.received.length >= 2);
    await sleep(150);
    expect(a.received).toHaveLength(2);
  });

  it('should acknowledge a delivery whose handler throws and report the error', async () => {
    const ns = freshNamespace();
    const errors: string[] = [];
    const b = bus({ onHandlerError: (e, topic) => errors.push(`${topic}: ${String(e)}`) });
    await b.subscribe(ns, 't', {
      id: 'a',
      handler: () => {
        throw new Error('boom');
      },
    });
    await b.publish(ns, message(['t'], 'p'));
    await waitFor(() => errors.length === 1);
    expect(errors).toEqual(['t: Error: boom']);
    await waitFor(async () => (await b.outstanding(ns)) === 0);
  });

  it('should hold at most maxInFlight unacknowledged deliveries per subscriber (backpressure)', async () => {
    const ns = freshNamespace();
    const b = bus({ maxInFlight: 5 });
    const slow = collector('slow', true);
    await b.subscribe(ns, 't', slow);
    const sent = Array.from({ length: 100 }, (_, n) => message(['t'], 'p', { n }));
    for (const m of sent) await b.publish(ns, m);
    await waitFor(() => slow.received.length === 5);
    await sleep(300);
    expect(slow.received).toHaveLength(5);
    expect(await b.outstanding(ns)).toBe(100);
    for (let acked = 0; acked < 100; acked++) {
      await waitFor(() => slow.received.length > acked);
      expect(slow.received.length - acked).toBeLessThanOrEqual(5);
      slow.received[acked]?.ack();
    }
    expect(slow.received.map((r) => r.message.id)).toEqual(sent.map((m) => m.id));
    await waitFor(async () => (await b.outstanding(ns)) === 0);
  });

  it('should never count 0 outstanding while a message is relayed from topic to topic', async () => {
    // Each hop adds the next message before it acknowledges its own; a count that read the
    // streams one at a time could miss the hop in flight between two of them.
    const ns = freshNamespace();
    const relay = bus();
    const topics = Array.from({ length: 8 }, (_, i) => `relay-${i}`);
    const hops = 300;
    const relayed = { last: 0 };
    for (const [i, topic] of topics.entries()) {
      await relay.subscribe(ns, topic, {
        id: `relay-${i}`,
        handler: (m, _topic, ack) => {
          const n = m.payload['n'] as number;
          if (n >= hops) {
            relayed.last = n;
            ack();
            return;
          }
          const next = message([topics[(i + 1) % topics.length] ?? topic], 'p', { n: n + 1 });
          void relay.publish(ns, next).then(ack);
        },
      });
    }
    const counter = bus();
    await relay.publish(ns, message([topics[0] ?? ''], 'p', { n: 0 }));
    const running = () => relayed.last === 0;
    let zeros = 0;
    while (running()) {
      const count = await counter.outstanding(ns);
      if (count === 0 && running()) zeros += 1;
    }
    expect(zeros).toBe(0);
  });

  it('should close within its bound and refuse later calls with BUS_CLOSED', async () => {
    const ns = freshNamespace();
    const b = bus();
    await b.subscribe(ns, 't', collector('a'));
    await b.observe(ns, () => undefined);
    const started = Date.now();
    await b.close();
    await b.close();
    expect(Date.now() - started).toBeLessThan(2500);
    await expect(b.publish(ns, message(['t'], 'p'))).rejects.toMatchObject({ code: 'BUS_CLOSED' });
    await expect(b.subscribe(ns, 't', collector('a'))).rejects.toMatchObject({
      code: 'BUS_CLOSED',
    });
    await expect(b.outstanding(ns)).rejects.toMatchObject({ code: 'BUS_CLOSED' });
  });

  it('should fail in bounded time with REDIS_UNREACHABLE when no Redis answers at first', async () => {
    const b = new RedisMessageBus({
      redis_client: { host: '127.0.0.1', port: 1, socket_connect_timeout: 0.3 },
    });
    buses.push(b);
    await expect(b.outstanding('g')).rejects.toMatchObject({ code: 'REDIS_UNREACHABLE' });
  });

  it('should read a topic added while a blocking read is in flight at once, not after blockMs', async () => {
    for (let round = 0; round < 3; round++) {
      const ns = freshNamespace();
      const b = bus({ blockMs: 5000 }); // a fresh connection each round: the startup race too
      const a = collector('a');
      const topics = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
      for (const topic of topics) await b.subscribe(ns, topic, a);
      const started = Date.now();
      await b.publish(ns, message(['t7'], 'p'));
      await waitFor(() => a.received.length === 1, 4000);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
