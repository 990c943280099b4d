import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AgentBuilder, GuildBuilder, ProbeAgent } from '@guildkit/core';
import { Echo } from './bus-fixtures';
import { useRedisServer } from './use-redis-server';

// Nothing here imports the package's entry point: the spec's upstream backend name must be
// found through the `guildkit` field of its package.json (core's plugin discovery), from a
// project (examples/) that depends on it.

const server = useRedisServer();

describe('an upstream Redis guild spec', () => {
  it("should load upstream's RedisMessagingBackend spec unchanged, found through the package's plugin declaration", async () => {
    const guild = await new GuildBuilder({ id: `upstream-${Date.now()}` })
      .setName('upstream spec')
      .setDescription('properties.messaging as upstream writes it')
      .setMessaging({
        backendModule: 'rustic_ai.redis.messaging.backend',
        backendClass: 'RedisMessagingBackend',
        backendConfig: { redis_client: { host: server().host, port: server().port } },
      })
      .addAgentSpec(
        new AgentBuilder(Echo).setId('echo').setName('Echo').setDescription('echoes').buildSpec(),
      )
      .launch('org', { basePath: join(__dirname, '..', '..', '..', '..', 'examples') });
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'echo', payload: { text: 'upstream' } });
    const [reply] = await probe.waitForMessages(1, 10_000);
    expect(reply?.payload).toEqual({ echoed: 'upstream' });
    await guild.shutdown();
  });
});
