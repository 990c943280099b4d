import { agentOnTopic } from '../__tests__/recorded-guild';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { JsonDict } from '../messaging/payload';
import { ProbeAgent } from '../testing/probe-agent';

class PassAgent extends Agent {
  @processor(JsonDict)
  async pass(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict(ctx.payload, { format: ctx.message.format });
  }
}

async function launch(steps: JsonObject[]): Promise<{ guild: Guild; probe: ProbeAgent }> {
  const agent = (id: string, topic: string) => agentOnTopic(PassAgent, id, topic);
  let builder = new GuildBuilder({ id: 'defaults' })
    .setName('defaults')
    .setDescription('route step defaults')
    .addAgentSpec(agent('first', 'a'))
    .addAgentSpec(agent('second', 'b'));
  for (const step of steps) builder = builder.addRoute(step);
  const guild = await builder.launch('org');
  return { guild, probe: await ProbeAgent.join(guild, { topics: ['b', 'c'] }) };
}

// What upstream's RoutingRule / PayloadTransformer do when a step leaves a field unset.
describe('route step defaults (as upstream)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it("should keep the origin message's process_status when the step sets none", async () => {
    const run = await launch([
      { agent: { id: 'first' }, destination: { topics: 'b' }, process_status: 'running' },
      { agent: { id: 'second' }, destination: { topics: 'c' } },
    ]);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({ topics: 'a', format: 'X', payload: { n: 1 } });
    const messages = await run.probe.waitForMessages((m) => m.topics.includes('c'));
    expect(messages.map((m) => [m.sender.id, m.topics, m.processStatus])).toEqual([
      ['first', ['b'], 'running'],
      ['second', ['c'], 'running'],
    ]);
  });

  it('should give a payload transformer without output_format the generic_json format (null keeps it)', async () => {
    const run = await launch([
      {
        agent: { id: 'first' },
        destination: { topics: 'b' },
        transformer: { expression: '{"m": n}', output_format: null },
      },
      {
        agent: { id: 'second' },
        destination: { topics: 'c' },
        transformer: { expression: '{"k": m}' },
      },
    ]);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({ topics: 'a', format: 'X', payload: { n: 1 } });
    const messages = await run.probe.waitForMessages((m) => m.topics.includes('c'));
    expect(messages.map((m) => [m.sender.id, m.format, m.payload])).toEqual([
      ['first', 'X', { m: 1 }],
      ['second', 'generic_json', { k: 1 }],
    ]);
  });
});
