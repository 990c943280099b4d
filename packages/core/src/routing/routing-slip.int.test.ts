import { launchRecorded } from '../__tests__/recorded-guild';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ErrorMessage } from '../messaging/error-message';
import { type JsonObject } from '../messaging/json';
import { Priority } from '../messaging/priority';
import { type RoutingOrigin } from './match-route-step';
import { RouteBuilder } from './route-builder';

class UpperAgent extends Agent {
  origins: RoutingOrigin[] = [];
  @processor('Text')
  async upper(ctx: ProcessContext): Promise<void> {
    this.origins.push(ctx.routingOrigin);
    const text = (ctx.payload['text'] as string).toUpperCase();
    const times = typeof ctx.payload['times'] === 'number' ? ctx.payload['times'] : 1;
    for (let n = 0; n < times; n += 1) await ctx.sendDict({ text, n }, { format: 'Upper' });
  }
}

class EchoAgent extends Agent {
  contexts: JsonObject[] = [];
  @processor('Shout')
  async echo(ctx: ProcessContext): Promise<void> {
    this.contexts.push(ctx.getContext());
    await ctx.sendDict(ctx.payload, { format: 'Echoed' });
  }
}

class FailingAgent extends Agent {
  steps: (JsonObject | undefined)[] = [];
  @processor('Text')
  async fail(ctx: ProcessContext): Promise<void> {
    const sending = ctx.sendDict({ ok: true }, { format: 'Partial' });
    this.steps.push(ctx.currentRoutingStep);
    await sending;
    this.steps.push(ctx.currentRoutingStep);
    throw new Error('broke after sending');
  }
}

class ContextAgent extends Agent {
  @processor('Text')
  async tagRequest(ctx: ProcessContext): Promise<void> {
    ctx.updateContext({ request: ctx.payload['text'] ?? null });
    await ctx.sendDict({ text: 'tagged' }, { format: 'Shout', topics: 'mid', forwarding: true });
  }
}

function agents(builder: GuildBuilder): GuildBuilder {
  return builder
    .addAgentSpec(
      new AgentBuilder(UpperAgent)
        .setId('upper')
        .setName('Upper')
        .setDescription('upper-cases')
        .addAdditionalTopic('in')
        .listenToDefaultTopic(false)
        .buildSpec(),
    )
    .addAgentSpec(
      new AgentBuilder(EchoAgent)
        .setId('echo')
        .setName('Echo')
        .setDescription('echoes')
        .addAdditionalTopic('mid')
        .listenToDefaultTopic(false)
        .buildSpec(),
    );
}

function pipeline(): GuildBuilder {
  return agents(new GuildBuilder({ id: 'routed' }).setName('routed').setDescription('routes'))
    .addRoute(
      new RouteBuilder({ name: 'Upper' })
        .onMessageFormat('Upper')
        .setDestinationTopics('mid')
        .setPayloadTransformer('Shout', '{ "text": text & "!" }')
        .setReason('shout it')
        .setProcessStatus('running')
        .setGuildStateUpdate('{ "last": payload.text }')
        .setAgentStateUpdate('{ "upper_seen": untransformed.payload.text }')
        .build(),
    )
    .addRoute(
      new RouteBuilder({ name: 'Echo' })
        .fromMethod('echo')
        .setDestinationTopics('out')
        .addRecipients([{ name: 'Probe' }])
        .setPriority(Priority.HIGH)
        .markForwarded()
        .setProcessStatus('completed')
        .build(),
    );
}

const launch = (builder: GuildBuilder) => launchRecorded(builder, ['out', 'in', 'dest']);

describe('routing slips (upstream RoutingSlip / ProcessContext.send_dict)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should route each hop where the guild routes say, transforming and marking it', async () => {
    const run = await launch(pipeline());
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'hi' },
    });
    const [final] = await run.probe.waitForMessages((m) => m.format === 'Echoed');
    await guild.idle();
    const mid = run.seen.find((m) => m.topics.includes('mid'));
    expect(mid).toMatchObject({
      format: 'Shout',
      payload: { text: 'HI!' },
      processStatus: 'running',
      sender: { id: 'upper' },
    });
    expect(mid?.messageHistory.at(-1)).toMatchObject({ reason: ['shout it'], toTopics: ['mid'] });
    const echoed = run.probe.messages.find((m) => m.format === 'Echoed');
    expect(echoed).toMatchObject({
      topics: ['out'],
      payload: { text: 'HI!' },
      processStatus: 'completed',
      recipientList: [{ name: 'Probe' }],
      priority: 2,
      forwardHeader: { originMessageId: mid?.id, onBehalfOf: { id: 'upper', name: 'Upper' } },
      routingSlip: { steps: [] },
    });
    expect(final).toBeDefined();
    expect(run.probe.messages.filter((m) => m.topics.includes('in'))).toHaveLength(0);
  });

  it('should apply route state updates to guild and agent state', async () => {
    const run = await launch(pipeline());
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'hi' },
    });
    await run.probe.waitForMessages((m) => m.format === 'Echoed');
    const manager = guild.stateManager;
    expect((await manager.getState({ guildId: 'routed' })).state).toEqual({ last: 'HI!' });
    expect((await manager.getState({ guildId: 'routed', agentId: 'upper' })).state).toEqual({
      upper_seen: 'HI',
    });
  });

  it('should keep the origin topics when the message carries no routes (upstream default)', async () => {
    const run = await launch(pipeline());
    guild = run.guild;
    await run.probe.publish({ topics: 'in', format: 'Text', payload: { text: 'hi' } });
    const [reply] = await run.probe.waitForMessages((m) => m.format === 'Upper');
    expect(reply?.topics).toEqual(['in']);
    expect(Object.keys(reply ?? {})).not.toEqual(
      expect.arrayContaining(['routingSlip', 'sessionState', 'forwardHeader', 'processStatus']),
    );
    expect(reply).not.toHaveProperty('routingSlip');
    await guild.idle();
    expect(run.seen.some((m) => m.topics.includes('mid'))).toBe(false);
  });

  it('should attach the guild routes to Guild.publish when the guild has routes', async () => {
    const run = await launch(pipeline());
    guild = run.guild;
    await guild.publish({ topics: 'in', format: 'Text', payload: { text: 'yo' } });
    const messages = await run.probe.waitForMessages((m) => m.format === 'Echoed');
    expect(messages.find((m) => m.format === 'Echoed')?.payload).toEqual({ text: 'YO!' });
  });

  it('should expose the routing origin to the processor', async () => {
    const run = await launch(pipeline());
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'a' },
    });
    await run.probe.waitForMessages((m) => m.format === 'Echoed');
    const upper = guild.getAgentInstance('upper') as UpperAgent;
    expect(upper.origins).toEqual([
      {
        originSender: { id: 'probe', name: 'Probe' },
        originTopic: 'in',
        originMessageFormat: 'Text',
      },
    ]);
  });

  it('should use a step route_times times, then fall back to the origin topics', async () => {
    const builder = agents(new GuildBuilder({ id: 'times' }).setName('t').setDescription('t'));
    builder.addRoute(
      new RouteBuilder({ name: 'Upper' }).setDestinationTopics('dest').setRouteTimes(2).build(),
    );
    const run = await launch(builder);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'x', times: 3 },
    });
    const messages = await run.probe.waitForMessages(3);
    expect(messages.map((m) => [m.payload['n'], m.topics])).toEqual([
      [0, ['dest']],
      [1, ['dest']],
      [2, ['in']],
    ]);
  });

  it('should route every time with negative route_times', async () => {
    const builder = agents(new GuildBuilder({ id: 'always' }).setName('t').setDescription('t'));
    builder.addRoute(
      new RouteBuilder({ name: 'Upper' }).setDestinationTopics('dest').setRouteTimes(-1).build(),
    );
    const run = await launch(builder);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'x', times: 4 },
    });
    const messages = await run.probe.waitForMessages(4);
    expect(messages.every((m) => m.topics[0] === 'dest')).toBe(true);
  });

  it('should let a content_based_router rewrite topics, format and payload from state', async () => {
    const builder = agents(new GuildBuilder({ id: 'cbr' }).setName('t').setDescription('t'));
    builder.addRoute(
      new RouteBuilder({ name: 'Upper' })
        .setRouteTimes(-1)
        .setFunctionalTransformer(
          '{ "topics": payload.text = "A" ? "dest" : "out", "format": "Routed", ' +
            '"payload": { "t": payload.text, "mode": guild_state.mode, "from": origin.format } }',
        )
        .build(),
    );
    const run = await launch(builder);
    guild = run.guild;
    await guild.stateManager.updateState({ guildId: 'cbr', stateUpdate: { mode: 'fast' } });
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'a' },
    });
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'b' },
    });
    const messages = await run.probe.waitForMessages(2);
    expect(messages.map((m) => [m.topics, m.format, m.payload])).toEqual([
      [['dest'], 'Routed', { t: 'A', mode: 'fast', from: 'Text' }],
      [['out'], 'Routed', { t: 'B', mode: 'fast', from: 'Text' }],
    ]);
  });

  it.each([
    ['fails', '$error("no shouting")', 'no shouting'],
    ['yields nothing', 'missing.field', 'produced no value'],
  ])(
    'should answer with an ErrorMessage, not lose the message, when a transformer %s',
    async (_case, expression, why) => {
      const builder = agents(new GuildBuilder({ id: 'bad' }).setName('t').setDescription('t'));
      builder.addRoute(
        new RouteBuilder({ name: 'Upper' })
          .setDestinationTopics('dest')
          .setPayloadTransformer('X', expression)
          .build(),
      );
      const run = await launch(builder);
      guild = run.guild;
      await run.probe.publishWithGuildRoutes({
        topics: 'in',
        format: 'Text',
        payload: { text: 'a' },
      });
      const [error] = await run.probe.waitForMessages(1);
      expect(error).toMatchObject({
        topics: ['error_topic'],
        format: ErrorMessage.format,
        isErrorMessage: true,
      });
      expect(error?.payload).toMatchObject({ error_type: 'ROUTE_TRANSFORM_FAILED' });
      expect(error?.payload['error_message'] as string).toContain(why);
      await guild.idle();
      await guild.idle();
      expect(run.probe.messages).toHaveLength(1);
    },
  );

  it('should refuse to launch a step without agent or agent_type, naming it', async () => {
    const builder = agents(new GuildBuilder({ id: 'x' }).setName('t').setDescription('t'));
    builder.setRoutes({ steps: [{ destination: { topics: 'x' } }] });
    await expect(builder.launch('org')).rejects.toThrow(
      /routes\.steps\[0\]: a routing step needs "agent"/,
    );
  });

  it('should refuse to launch invalid JSONata, naming the step field', async () => {
    const builder = agents(new GuildBuilder({ id: 'x' }).setName('t').setDescription('t'));
    builder.addRoute(
      new RouteBuilder({ name: 'Upper' }).setPayloadTransformer('X', '{ "a": ').build(),
    );
    await expect(builder.launch('org')).rejects.toThrow(
      /routes\.steps\[0\]\.transformer\.expression: invalid JSONata/,
    );
  });

  it('should carry the per-request context forward, set a forward header when forwarding and not carry it into plain replies', async () => {
    const builder = new GuildBuilder({ id: 'ctx' })
      .setName('ctx')
      .setDescription('context')
      .addAgentSpec(
        new AgentBuilder(ContextAgent)
          .setId('tagger')
          .setName('Tagger')
          .setDescription('tags')
          .addAdditionalTopic('in')
          .listenToDefaultTopic(false)
          .buildSpec(),
      );
    agents(builder);
    const run = await launch(builder);
    guild = run.guild;
    const sent = await run.probe.publish({ topics: 'in', format: 'Text', payload: { text: 'q1' } });
    await guild.idle();
    const tagged = run.seen.find((m) => m.sender.id === 'tagger');
    expect(tagged?.sessionState).toEqual({ request: 'q1' });
    expect(tagged?.forwardHeader).toEqual({
      originMessageId: sent.id,
      onBehalfOf: { id: 'probe', name: 'Probe' },
    });
    expect((guild.getAgentInstance('echo') as EchoAgent).contexts).toEqual([{ request: 'q1' }]);
    const echoed = run.seen.find((m) => m.sender.id === 'echo');
    expect(echoed?.sessionState).toEqual({ request: 'q1' });
    // Upstream builds every reply with forward_header=None (agent.py): a plain reply to a
    // forwarded message is not itself forwarded.
    expect(echoed?.forwardHeader).toBeUndefined();
  });

  it('should route errors to error_topic as well as to matching steps, and expose the step in use', async () => {
    const builder = new GuildBuilder({ id: 'err' })
      .setName('err')
      .setDescription('errors')
      .addAgentSpec(
        new AgentBuilder(FailingAgent)
          .setId('failing')
          .setName('Failing')
          .setDescription('fails')
          .addAdditionalTopic('in')
          .listenToDefaultTopic(false)
          .buildSpec(),
      )
      .addRoute(
        new RouteBuilder({ name: 'Failing' })
          .onMessageFormat('Partial')
          .setDestinationTopics('dest')
          .build(),
      );
    const run = await launch(builder);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Text',
      payload: { text: 'a' },
    });
    const messages = await run.probe.waitForMessages(2);
    expect(messages.map((m) => [m.topics, m.format])).toEqual([
      [['dest'], 'Partial'],
      [['error_topic'], ErrorMessage.format],
    ]);
    const agent = guild.getAgentInstance('failing') as FailingAgent;
    expect(agent.steps).toEqual([
      { agent: { name: 'Failing' }, message_format: 'Partial', destination: { topics: ['dest'] } },
      undefined,
    ]);
  });
});
