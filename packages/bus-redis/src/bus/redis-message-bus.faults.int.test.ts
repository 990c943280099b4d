import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  collector,
  freshNamespace,
  lineFrom,
  message,
  sleep,
  startScript,
  waitFor,
} from '../__tests__/bus-fixtures';
import { useRedisServer } from '../__tests__/use-redis-server';
import { type RedisMessageBusOptions } from '../config/redis-bus-settings';
import { RedisMessageBus } from './redis-message-bus';

// What a dead, frozen or restarted party does to deliveries: real processes, a real server.
const server = useRedisServer();
const buses: RedisMessageBus[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

function bus(options: RedisMessageBusOptions = {}): RedisMessageBus {
  const created = new RedisMessageBus({ url: server().url, leaseMs: 500, ...options });
  buses.push(created);
  return created;
}

afterEach(async () => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  await server().kill('SIGCONT');
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

/** A child process subscribed as `worker` on `jobs` that takes one message and never acks. */
async function holder(ns: string, mode: 'hold' | 'reply'): Promise<ChildProcessWithoutNullStreams> {
  const child = startScript('hold-message', {
    REDIS_URL: server().url,
    NAMESPACE: ns,
    HOLD_MODE: mode,
  });
  children.push(child);
  await lineFrom(child, 'READY');
  return child;
}

function killed(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGKILL');
  });
}

describe('RedisMessageBus under faults', () => {
  it('should redeliver, once, what a consumer killed with SIGKILL held unacknowledged', async () => {
    const ns = freshNamespace();
    const child = await holder(ns, 'hold');
    const request = message(['jobs'], 'client');
    const got = lineFrom(child, 'GOT');
    await bus().publish(ns, request);
    expect(await got).toBe(`GOT ${request.id}`);
    await killed(child);
    const heir = collector('worker');
    const b = bus();
    await b.subscribe(ns, 'jobs', heir);
    await waitFor(() => heir.received.length === 1, 5000);
    await sleep(1500); // three more lease periods: nothing more may come
    expect(heir.received.map((r) => r.message.id)).toEqual([request.id]);
    await waitFor(async () => (await b.outstanding(ns)) === 0);
  });

  it('should not process again a redelivered request its dead consumer had already answered', async () => {
    const ns = freshNamespace();
    const child = await holder(ns, 'reply');
    const replies = collector('client');
    const b = bus();
    await b.subscribe(ns, 'replies', replies);
    const request = message(['jobs'], 'client');
    const replied = lineFrom(child, 'REPLIED');
    await b.publish(ns, request);
    await replied;
    await killed(child);
    const heir = collector('worker');
    await b.subscribe(ns, 'jobs', heir);
    await waitFor(async () => (await b.outstanding(ns)) === 0, 5000);
    expect(heir.received).toHaveLength(0);
    expect(replies.received.map((r) => r.message.inResponseTo)).toEqual([request.id]);
  });

  it('should lose nothing and deliver nothing twice when redis-server is killed and restarted mid-traffic', async () => {
    const ns = freshNamespace();
    const consumer = bus();
    const x = collector('x');
    await consumer.subscribe(ns, 't', x);
    const publisher = bus();
    const sent = Array.from({ length: 300 }, (_, n) => message(['t'], 'p', { n }));
    const publishing = (async () => {
      for (const m of sent) await publisher.publish(ns, m);
    })();
    // Three kills, each while acknowledgements and publishes are in flight.
    for (const seen of [50, 120, 190]) {
      await waitFor(() => x.received.length >= seen, 15_000);
      await server().kill('SIGKILL');
      await sleep(300);
      await server().restart();
    }
    await publishing;
    await waitFor(() => new Set(x.received.map((r) => r.message.id)).size === 300, 15_000);
    const ids = x.received.map((r) => r.message.id);
    expect([...new Set(ids)].sort()).toEqual(sent.map((m) => m.id).sort());
    expect(ids).toHaveLength(300); // no duplicates either
    await waitFor(async () => (await consumer.outstanding(ns)) === 0);
  });

  it('should resume traffic after redis-server is frozen with SIGSTOP for two seconds', async () => {
    const ns = freshNamespace();
    const b = bus();
    const x = collector('x');
    await b.subscribe(ns, 't', x);
    await b.publish(ns, message(['t'], 'p'));
    await waitFor(() => x.received.length === 1);
    await server().kill('SIGSTOP');
    const during = Array.from({ length: 20 }, (_, n) => message(['t'], 'p', { n }));
    const publishing = Promise.all(during.map((m) => b.publish(ns, m)));
    await sleep(2000);
    expect(x.received).toHaveLength(1);
    await server().kill('SIGCONT');
    await publishing;
    await waitFor(() => x.received.length === 21, 10_000);
    expect(x.received.slice(1).map((r) => r.message.id)).toEqual(during.map((m) => m.id));
  });
});
