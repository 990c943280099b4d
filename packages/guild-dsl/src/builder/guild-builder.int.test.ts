import { ProbeAgent, type Guild } from '@guildkit/core';
import { fixturePath } from '../__tests__/fixture-path';
import { GuildBuilder } from './guild-builder';

describe('a guild launched from YAML', () => {
  let guild: Guild;

  beforeAll(async () => {
    guild = await GuildBuilder.fromYamlFile(fixturePath('launch', 'guild.yaml')).launch('test-org');
  });

  afterAll(async () => {
    await guild.shutdown();
  });

  it('should run the agent named by a relative specifier with its rendered properties', async () => {
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'generic_json', payload: { ping: 1 } });
    const [reply] = await probe.waitForMessages(1);
    expect(reply?.format).toBe('Echo');
    expect(reply?.sender).toEqual({ id: 'echo', name: 'Echo' });
    expect(reply?.payload).toEqual({ echo: { ping: 1 }, greeting: 'hello' });
  });
});
