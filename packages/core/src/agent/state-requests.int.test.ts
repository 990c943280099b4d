import { launchRecorded, type RecordedGuild } from '../__tests__/recorded-guild';
import { AgentBuilder } from '../guild/agent-builder';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { ERROR_TOPIC, STATE_TOPIC } from '../messaging/topics';
import { RouteBuilder } from '../routing/route-builder';
import { type StateResponse } from '../state/state-messages';
import { Agent } from './agent';
import { type ProcessContext } from './process-context';
import { processor } from './processor';

const UPSTREAM = 'rustic_ai.core.state.models.';

/** Changes and reads state only by message, as an upstream agent with StateRefresherMixin. */
class CounterAgent extends Agent {
  @processor('Bump')
  async bump(ctx: ProcessContext): Promise<void> {
    await this.requestStateUpdate(ctx, { count: ctx.payload['to'] ?? 0 }, { owner: 'guild' });
    await this.requestStateUpdate(ctx, { bumps: 1 }, { path: 'stats' });
  }

  @processor('Ask')
  async ask(ctx: ProcessContext): Promise<void> {
    await this.requestState(ctx, { path: 'stats' });
  }

  @processor('StaleBump')
  async stale(ctx: ProcessContext): Promise<void> {
    await this.requestStateUpdate(ctx, { count: -1 }, { owner: 'guild', version: 0 });
  }

  override async onStateUpdated(ctx: ProcessContext<StateResponse>): Promise<void> {
    const { state_owner: owner, state } = ctx.payload;
    await ctx.sendDict(
      { owner, state, answered: ctx.message.format },
      { format: 'Seen', topics: 'seen' },
    );
  }
}

function counterGuild(): GuildBuilder {
  return new GuildBuilder({ id: 'counting' })
    .setName('counting')
    .setDescription('state by message')
    .addAgentSpec(
      new AgentBuilder(CounterAgent)
        .setId('counter')
        .setName('Counter')
        .setDescription('counts')
        .addAdditionalTopic('in')
        .buildSpec(),
    );
}

const launch = (builder: GuildBuilder) => launchRecorded(builder, ['seen', 'routed']);

const seenBy = (run: RecordedGuild): JsonObject[] =>
  run.probe.messages.filter((m) => m.format === 'Seen').map((m) => m.payload);

describe("an agent's state requests by message (upstream's StateRefresherMixin)", () => {
  let run: RecordedGuild | undefined;
  afterEach(async () => {
    await run?.guild.shutdown();
    run = undefined;
  });

  it('should send the requests on state_topic in the thread and run onStateUpdated for each response', async () => {
    run = await launch(counterGuild());
    const bump = await run.probe.publish({ topics: 'in', format: 'Bump', payload: { to: 5 } });
    await run.probe.waitForMessages(() => seenBy(run!).length === 2);
    await run.probe.publish({ topics: 'in', format: 'Ask', payload: {} });
    await run.probe.waitForMessages(() => seenBy(run!).length === 3);
    await run.guild.idle();
    expect(seenBy(run)).toEqual([
      { owner: 'guild', state: { count: 5 }, answered: `${UPSTREAM}StateUpdateResponse` },
      {
        owner: 'agent',
        state: { stats: { bumps: 1 } },
        answered: `${UPSTREAM}StateUpdateResponse`,
      },
      { owner: 'agent', state: { bumps: 1 }, answered: `${UPSTREAM}StateFetchResponse` },
    ]);
    const requests = run.seen.filter(
      (m) => m.sender.id === 'counter' && m.topics.includes(STATE_TOPIC),
    );
    expect(requests.map((m) => [m.format, m.priority, m.inResponseTo, m.thread])).toEqual([
      [`${UPSTREAM}StateUpdateRequest`, 2, bump.id, bump.thread],
      [`${UPSTREAM}StateUpdateRequest`, 2, bump.id, bump.thread],
      [`${UPSTREAM}StateFetchRequest`, 4, expect.any(String), expect.any(Array)],
    ]);
    expect(requests[0]?.payload).toEqual({
      state_owner: 'guild',
      guild_id: 'counting',
      update_format: 'json-merge-patch',
      state_update: { count: 5 },
    });
    expect(await run.guild.stateManager.getState({ guildId: 'counting' })).toMatchObject({
      state: { count: 5 },
      version: 1,
    });
  });

  it("should not run onStateUpdated for another agent's state", async () => {
    run = await launch(counterGuild());
    await run.probe.publish({
      topics: STATE_TOPIC,
      format: 'StateUpdateRequest',
      payload: { state_owner: 'agent', guild_id: 'counting', state_update: { mine: true } },
    });
    await run.probe.waitForMessages((m) => m.format === `${UPSTREAM}StateUpdateResponse`);
    await run.probe.publish({ topics: 'in', format: 'Ask', payload: {} });
    await run.probe.waitForMessages(() => seenBy(run!).length === 1);
    await run.guild.idle();
    expect(seenBy(run)).toEqual([
      { owner: 'agent', state: {}, answered: `${UPSTREAM}StateFetchResponse` },
    ]);
  });

  it('should answer a stale versioned update with a StateUpdateError on error_topic', async () => {
    run = await launch(counterGuild());
    await run.guild.stateManager.updateState({ guildId: 'counting', stateUpdate: { count: 1 } });
    await run.probe.publish({ topics: 'in', format: 'StaleBump', payload: {} });
    const [error] = (await run.probe.waitForMessages((m) => m.isErrorMessage)).filter(
      (m) => m.isErrorMessage,
    );
    expect(error).toMatchObject({ format: `${UPSTREAM}StateUpdateError`, topics: [ERROR_TOPIC] });
    expect(error?.payload['error']).toMatch(/is at version 1/);
    expect(seenBy(run)).toEqual([]);
  });

  it("should route what onStateUpdated sends with the guild's routes, carried by the response", async () => {
    run = await launch(
      counterGuild().addRoute(
        new RouteBuilder({ name: 'Counter' })
          .onMessageFormat('Seen')
          .setDestinationTopics('routed')
          .build(),
      ),
    );
    await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Ask', payload: {} });
    const messages = await run.probe.waitForMessages((m) => m.format === 'Seen');
    const response = run.seen.find((m) => m.format === `${UPSTREAM}StateFetchResponse`);
    expect(response?.routingSlip?.steps).toHaveLength(1);
    expect(messages.filter((m) => m.format === 'Seen').map((m) => m.topics)).toEqual([['routed']]);
  });
});
