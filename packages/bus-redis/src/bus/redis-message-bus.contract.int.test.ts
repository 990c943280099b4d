import { runMessageBusContract } from '@guildkit/core/testing';
import { useRedisServer } from '../__tests__/use-redis-server';
import { RedisMessageBus } from './redis-message-bus';

const server = useRedisServer();

// A short lease, so what a crashed bus held is redelivered within the suite's wait.
const connect = (): Promise<RedisMessageBus> =>
  Promise.resolve(new RedisMessageBus({ url: server().url, leaseMs: 300 }));

runMessageBusContract('RedisMessageBus', connect, {
  durable: { connect },
});
