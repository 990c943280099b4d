import { afterAll, beforeAll } from '@jest/globals';
import { RedisServer, type RedisServerOptions } from '../testing/redis-server';

/**
 * One real redis-server for the calling test file: started before its first test, removed
 * after its last. Returns an accessor, since the server exists only once `beforeAll` has run.
 *
 * @example
 * const server = useRedisServer();
 * it('...', () => {
 *   const bus = new RedisMessageBus({ url: server().url });
 * });
 */
export function useRedisServer(options?: RedisServerOptions): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await RedisServer.start(options);
  });
  afterAll(async () => {
    await server?.remove();
  });
  return () => {
    if (server === undefined) throw new Error('useRedisServer: the server starts in beforeAll');
    return server;
  };
}
