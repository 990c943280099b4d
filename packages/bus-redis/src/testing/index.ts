/**
 * `@guildkit/bus-redis/testing`: a real `redis-server` for tests (free loopback port, temp
 * dir, AOF persistence), used by this package's own tests and by guilds that test on Redis.
 *
 * @example
 * import { RedisServer } from '@guildkit/bus-redis/testing';
 * const server = await RedisServer.start();
 * // ... new RedisMessageBus({ url: server.url }) ...
 * await server.remove();
 */
export { freePort, REDIS_TEST_SETTINGS, RedisServer } from './redis-server';
export type { RedisServerOptions } from './redis-server';
