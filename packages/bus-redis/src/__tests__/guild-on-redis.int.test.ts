import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AgentBuilder, GuildBuilder, type Message, ProbeAgent } from '@guildkit/core';
import { RedisMessageBus } from '../bus/redis-message-bus';
import { Echo } from './bus-fixtures';
import { useRedisServer } from './use-redis-server';

const server = useRedisServer();

describe('a guild on Redis', () => {
  it('should answer every request through a RedisMessageBus and settle idle()', async () => {
    const bus = new RedisMessageBus({ url: server().url });
    const guild = await new GuildBuilder({ id: `echo-${Date.now()}` })
      .setName('echo guild')
      .setDescription('echoes over Redis')
      .addAgentSpec(
        new AgentBuilder(Echo).setId('echo').setName('Echo').setDescription('echoes').buildSpec(),
      )
      .launch('org', { bus });
    const probe = await ProbeAgent.join(guild);
    const seen: Message[] = [];
    await guild.onMessage((m) => seen.push(m));
    for (let n = 0; n < 10; n++) {
      await probe.publish({ format: 'echo', payload: { text: `hi ${n}` } });
    }
    const replies = await probe.waitForMessages(10, 10_000);
    expect(replies.map((m) => m.payload['echoed']).sort()).toEqual(
      Array.from({ length: 10 }, (_, n) => `hi ${n}`).sort(),
    );
    await guild.idle();
    expect(await bus.outstanding(guild.id)).toBe(0);
    expect(seen.filter((m) => m.format === 'echo.reply')).toHaveLength(10);
    await guild.shutdown();
    await bus.close();
  });

  it('should build the bus a spec names in properties.messaging, with upstream-shaped backend_config', async () => {
    const guild = await new GuildBuilder({ id: `spec-${Date.now()}` })
      .setName('spec guild')
      .setDescription('bus from the spec')
      .setMessaging({
        backendClass: '@guildkit/bus-redis#RedisMessageBus',
        backendConfig: {
          redis_client: { host: server().host, port: String(server().port), db: 0 },
        },
      })
      .addAgentSpec(
        new AgentBuilder(Echo).setId('echo').setName('Echo').setDescription('echoes').buildSpec(),
      )
      // the examples workspace depends on this package, as a user's project would
      .launch('org', { basePath: join(__dirname, '..', '..', '..', '..', 'examples') });
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'echo', payload: { text: 'via spec' } });
    const [reply] = await probe.waitForMessages(1, 10_000);
    expect(reply?.payload).toEqual({ echoed: 'via spec' });
    await guild.shutdown();
  });
});
