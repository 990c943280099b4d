import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisServer } from './redis-server';

const servers: RedisServer[] = [];
const clients: Redis[] = [];

async function start(): Promise<RedisServer> {
  const server = await RedisServer.start();
  servers.push(server);
  return server;
}

function client(server: RedisServer): Redis {
  const redis = new Redis(server.port, server.host, { maxRetriesPerRequest: null });
  clients.push(redis);
  return redis;
}

afterEach(async () => {
  clients.splice(0).forEach((c) => {
    c.disconnect();
  });
  await Promise.all(servers.splice(0).map((s) => s.remove()));
});

describe('RedisServer (test harness)', () => {
  it('should start a real redis-server on a free loopback port that answers', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await client(server).ping()).toBe('PONG');
  });

  it('should keep acknowledged writes across a kill -9 and restart on the same port', async () => {
    const server = await start();
    const redis = client(server);
    await redis.set('k', 'v');
    await server.kill('SIGKILL');
    await server.restart();
    expect(await redis.get('k')).toBe('v');
    expect(existsSync(join(server.dir, 'appendonlydir'))).toBe(true);
  });

  it('should freeze with SIGSTOP and answer again after SIGCONT', async () => {
    const server = await start();
    const redis = client(server);
    await server.kill('SIGSTOP');
    const reply = redis.ping();
    const raced = await Promise.race([
      reply,
      new Promise((resolve) =>
        setTimeout(() => {
          resolve('frozen');
        }, 300),
      ),
    ]);
    expect(raced).toBe('frozen');
    await server.kill('SIGCONT');
    expect(await reply).toBe('PONG');
  });

  it('should delete its temp dir on remove', async () => {
    const server = await RedisServer.start();
    await server.remove();
    expect(existsSync(server.dir)).toBe(false);
  });

  it('should say how to install redis-server when the binary is missing', async () => {
    await expect(RedisServer.start({ binary: 'no-such-redis-server' })).rejects.toMatchObject({
      code: 'REDIS_SERVER_MISSING',
      message: expect.stringContaining('apt-get install redis-server') as unknown,
    });
  });
});
