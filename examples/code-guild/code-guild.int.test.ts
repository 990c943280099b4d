import { join } from 'node:path';
import { ProbeAgent, type Guild, type Message } from '@guildkit/core';
import { GuildBuilder } from '@guildkit/guild-dsl';

jest.setTimeout(120_000);

describe('the code guild example', () => {
  let guild: Guild;
  let probe: ProbeAgent;

  async function run(code: string, input_data: unknown = null): Promise<Message> {
    probe.clear();
    await probe.publish({ format: 'CodeRequest', payload: { code, input_data } });
    const [reply] = await probe.waitForMessages(1, 60_000);
    return reply!;
  }

  beforeAll(async () => {
    guild = await GuildBuilder.fromYamlFile(join(__dirname, 'guild.yaml')).launch('example-org');
    probe = await ProbeAgent.join(guild);
  });

  afterAll(async () => {
    await guild.shutdown();
  });

  it('should keep Python state between requests', async () => {
    expect((await run('x = 21')).payload).toMatchObject({ status: 'success' });
    const reply = await run('output = x * 2');
    expect(reply.format).toBe('CodeResponse');
    expect(reply.sender).toEqual({ id: 'code_agent', name: 'Code Agent' });
    expect(reply.payload).toMatchObject({ status: 'success', output: 42 });
  });

  it('should bind input_data and use the default imports', async () => {
    const reply = await run('output = m.floor(sum(input_data) / len(input_data))', [1, 2, 4]);
    expect(reply.payload).toMatchObject({ status: 'success', output: 2 });
  });

  it('should reply with an error for an import that is not whitelisted', async () => {
    const reply = await run('import os');
    expect(reply.payload['status']).toBe('error');
    expect(reply.payload['error']).toContain('os');
  });
});
