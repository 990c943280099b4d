import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { useRedisServer } from '../__tests__/use-redis-server';
import { pruneConsumers } from './prune-consumers';

const server = useRedisServer();

describe(pruneConsumers, () => {
  // In the describe block, so the client disconnects before the file's server is removed.
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(server().port, server().host, { protocol: 2 });
  });
  afterAll(() => {
    redis.disconnect();
  });

  it('should delete only quiet consumers that hold nothing, never itself', async () => {
    await redis.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    await redis.xadd('s', '*', 'm', '1');
    await redis.xadd('s', '*', 'm', '2');
    await redis.xadd('s', '*', 'm', '3');
    const read = (consumer: string) =>
      redis.xreadgroup('GROUP', 'g', consumer, 'COUNT', 1, 'STREAMS', 's', '>');
    await read('holder'); // keeps its entry pending
    const done = (await read('finished')) as [string, [string, string[]][]][];
    await redis.xack('s', 'g', done[0]![1][0]![0]);
    const mine = (await read('me')) as [string, [string, string[]][]][];
    await redis.xack('s', 'g', mine[0]![1][0]![0]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const target = { stream: 's', group: 'g', self: 'me' };
    expect(await pruneConsumers(redis, target, 100)).toBe(1);
    const left = ((await redis.call('XINFO', 'CONSUMERS', 's', 'g')) as unknown[][]).map(
      (c) => c[1],
    );
    expect(left.sort()).toEqual(['holder', 'me']);
    expect(await pruneConsumers(redis, target, 60_000)).toBe(0);
  });
});
