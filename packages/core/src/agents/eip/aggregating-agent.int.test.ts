import { AgentBuilder } from '../../guild/agent-builder';
import { type Guild } from '../../guild/guild';
import { GuildBuilder } from '../../guild/guild-builder';
import { type JsonObject } from '../../messaging/json';
import { ProbeAgent } from '../../testing/probe-agent';
import { AggregatingAgent } from './aggregating-agent';

async function launch(properties: JsonObject): Promise<{ guild: Guild; probe: ProbeAgent }> {
  const guild = await new GuildBuilder({ id: 'agg' })
    .setName('agg')
    .setDescription('aggregates')
    .addAgentSpec(
      new AgentBuilder(AggregatingAgent)
        .setId('aggregator')
        .setName('Aggregator')
        .setDescription('aggregates')
        .setProperties(properties)
        .addAdditionalTopic('results')
        .listenToDefaultTopic(false)
        .buildSpec(),
    )
    .launch('org');
  const probe = await ProbeAgent.join(guild, { topics: ['results', 'default_topic'] });
  return { guild, probe };
}

const FORMAT = 'rustic_ai.core.agents.eip.aggregating_agent.AggregatedMessages';

describe('AggregatingAgent (upstream EIP aggregator)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should send one aggregate per correlation id once complete, then forget it', async () => {
    const run = await launch({
      correlation_id_path: 'order',
      collector: { collector_type: 'dict', key_field: 'part' },
      aggregator: { aggregation_check: 'count', count: 2 },
    });
    guild = run.guild;
    const send = (order: string, part: string) =>
      run.probe.publish({ topics: 'results', format: `Part${part}`, payload: { order, part } });
    await send('o1', 'a');
    await send('o2', 'a');
    await send('o1', 'a'); // same key: replaces, still one part for o1
    await send('o1', 'b');
    await send('o2', 'b');
    await guild.idle();
    const aggregates = run.probe.messages.filter((m) => m.format === FORMAT);
    expect(aggregates.map((m) => [m.topics, m.payload])).toEqual([
      [
        ['default_topic'],
        {
          correlation_id: 'o1',
          messages: [
            { type: 'Parta', data: { order: 'o1', part: 'a' } },
            { type: 'Partb', data: { order: 'o1', part: 'b' } },
          ],
        },
      ],
      [
        ['default_topic'],
        {
          correlation_id: 'o2',
          messages: [
            { type: 'Parta', data: { order: 'o2', part: 'a' } },
            { type: 'Partb', data: { order: 'o2', part: 'b' } },
          ],
        },
      ],
    ]);
    const state = await guild.stateManager.getState({ guildId: 'agg', agentId: 'aggregator' });
    expect(state.state).toEqual({ aggregations: {} });
    // A late message for a sent correlation starts collecting again but is never sent twice.
    await send('o1', 'c');
    await send('o1', 'd');
    await guild.idle();
    expect(run.probe.messages.filter((m) => m.format === FORMAT)).toHaveLength(2);
  });

  it('should correlate by thread id without a path, and put the id in the session with session location', async () => {
    const run = await launch({
      correlation_location: 'session',
      aggregator: { aggregation_check: 'jsonata', expression: '$count(message_types) = 1' },
    });
    guild = run.guild;
    const sent = await run.probe.publish({ topics: 'results', format: 'X', payload: { n: 1 } });
    await guild.idle();
    const [aggregate] = run.probe.messages.filter((m) => m.format === FORMAT);
    const id = sent.thread.at(-1);
    expect(aggregate?.payload['correlation_id']).toBe(id);
    expect(aggregate?.sessionState).toEqual({ correlation_id: id });
  });

  it('should refuse an unknown aggregator at launch, naming the property', async () => {
    await expect(launch({ aggregator: { aggregation_check: 'sum' } })).rejects.toThrow(
      'properties.aggregator.aggregation_check: "sum" is not count, jsonata or format_count.',
    );
  });
});
