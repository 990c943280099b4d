import { launchRecorded, type RecordedGuild } from '../__tests__/recorded-guild';
import { Agent } from '../agent/agent';
import { type AgentClass } from '../agent/agent-class';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { GuildBuilder } from '../guild/guild-builder';
import { ErrorMessage } from '../messaging/error-message';
import { Priority } from '../messaging/priority';
import { ERROR_TOPIC, STATE_TOPIC } from '../messaging/topics';
import { StateFormat } from '../state/state-messages';
import { RouteBuilder } from './route-builder';

class TickAgent extends Agent {
  @processor('Tick')
  async tick(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ n: ctx.payload['n'] ?? null }, { format: 'Ticked', topics: 'out' });
  }
}

/** Changes the guild state while its own send is being routed. */
class RacingAgent extends Agent {
  @processor('Race')
  async race(ctx: ProcessContext): Promise<void> {
    const sending = ctx.sendDict({ raced: true }, { format: 'Raced', topics: 'out' });
    await this.updateGuildState({ count: 10 });
    await sending;
  }
}

const COUNT = '{ "count": ($exists(guild_state.count) ? guild_state.count : 0) + 1 }';

function guildWith(route: RouteBuilder): GuildBuilder {
  const agent = (cls: AgentClass, id: string) =>
    new AgentBuilder(cls).setId(id).setName(id).setDescription(id).addAdditionalTopic('in');
  return new GuildBuilder({ id: 'stateful' })
    .setName('stateful')
    .setDescription('route state updates')
    .addAgentSpec(agent(TickAgent, 'ticker').buildSpec())
    .addAgentSpec(agent(RacingAgent, 'racer').buildSpec())
    .addRoute(route.build());
}

const launch = (builder: GuildBuilder) => launchRecorded(builder, ['out', ERROR_TOPIC]);

const errorsOf = (run: RecordedGuild) =>
  run.seen.filter((m) => m.topics.includes(ERROR_TOPIC)).map((m) => m.payload);

describe('agent_state_update / guild_state_update of a route step', () => {
  let run: RecordedGuild | undefined;
  afterEach(async () => {
    await run?.guild.shutdown();
    run = undefined;
  });

  it('should send each update as a StateUpdateRequest on the state topic, one version per update', async () => {
    run = await launch(
      guildWith(
        new RouteBuilder({ id: 'ticker' })
          .setGuildStateUpdate(COUNT)
          .setAgentStateUpdate(
            '[{ "op": "add", "path": "/last", "value": payload.n }]',
            'json-patch',
          ),
      ),
    );
    for (const n of [1, 2, 3]) {
      await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Tick', payload: { n } });
      await run.probe.waitForMessages((m) => m.payload['n'] === n);
      await run.guild.idle(); // the state service has answered before the next tick reads
    }
    const states = run.guild.stateManager;
    expect(await states.getState({ guildId: 'stateful' })).toMatchObject({
      state: { count: 3 },
      version: 3,
    });
    expect(await states.getState({ guildId: 'stateful', agentId: 'ticker' })).toMatchObject({
      state: { last: 3 },
      version: 3,
    });
    // As upstream: requests at HIGH priority from the ticker, each answered on the state topic.
    const onStateTopic = run.seen.filter((m) => m.topics.includes(STATE_TOPIC));
    const requests = onStateTopic.filter((m) => m.format === StateFormat.updateRequest);
    expect(requests.map((m) => [m.sender.id, m.priority, m.payload['state_owner']])).toEqual(
      [1, 2, 3].flatMap(() => [
        ['ticker', Priority.HIGH, 'guild'],
        ['ticker', Priority.HIGH, 'agent'],
      ]),
    );
    expect(onStateTopic.filter((m) => m.format === StateFormat.updateResponse)).toHaveLength(6);
    expect(errorsOf(run)).toEqual([]);
  });

  it('should answer a failing update with an ErrorMessage and still route the message and the other update', async () => {
    run = await launch(
      guildWith(
        new RouteBuilder({ id: 'ticker' })
          .setGuildStateUpdate('$error("no count here")')
          .setAgentStateUpdate('{ "last": payload.n }'),
      ),
    );
    await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Tick', payload: { n: 7 } });
    await run.probe.waitForMessages((m) => m.format === ErrorMessage.format);
    await run.guild.idle();
    expect(errorsOf(run)).toEqual([
      expect.objectContaining({
        error_type: 'ROUTE_STATE_UPDATE_FAILED',
        error_message: expect.stringContaining('no count here') as unknown,
      }),
    ]);
    expect(run.probe.messages.filter((m) => m.format === 'Ticked')).toHaveLength(1);
    const agentState = await run.guild.stateManager.getState({
      guildId: 'stateful',
      agentId: 'ticker',
    });
    expect(agentState.state).toEqual({ last: 7 });
  });

  it('should refuse an update computed from a state that changed meanwhile, not overwrite it', async () => {
    run = await launch(guildWith(new RouteBuilder({ id: 'racer' }).setGuildStateUpdate(COUNT)));
    await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Race', payload: { go: 1 } });
    await run.probe.waitForMessages((m) => m.format === StateFormat.updateError);
    await run.guild.idle();
    expect(errorsOf(run)).toEqual([
      expect.objectContaining({
        state_update_request: expect.objectContaining({ update_version: 0 }) as unknown,
        error: expect.stringContaining('is at version 1') as unknown,
      }),
    ]);
    // The racer's own write stands; the stale count (0 + 1) did not overwrite it.
    expect((await run.guild.stateManager.getState({ guildId: 'stateful' })).state).toEqual({
      count: 10,
    });
    expect(run.probe.messages.filter((m) => m.format === 'Raced')).toHaveLength(1);
  });
});
