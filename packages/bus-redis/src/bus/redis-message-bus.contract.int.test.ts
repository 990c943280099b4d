import { afterAll, beforeAll } from '@jest/globals';
import { runMessageBusContract } from '@guildkit/core/testing';
import { RedisServer } from '../testing/redis-server';
import { RedisMessageBus } from './redis-message-bus';

let server: RedisServer;
beforeAll(async () => {
  server = await RedisServer.start();
});
afterAll(async () => {
  await server.remove();
});

// A short lease, so what a crashed bus held is redelivered within the suite's wait.
const connect = (): Promise<RedisMessageBus> =>
  Promise.resolve(new RedisMessageBus({ url: server.url, leaseMs: 300 }));

runMessageBusContract('RedisMessageBus', connect, {
  durable: { connect },
});
