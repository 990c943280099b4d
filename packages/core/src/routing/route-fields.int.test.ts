import { agentOnTopic, launchRecorded, type RecordedGuild } from '../__tests__/recorded-guild';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { GuildBuilder } from '../guild/guild-builder';
import { ErrorMessage } from '../messaging/error-message';
import { type JsonObject } from '../messaging/json';
import { JsonDict } from '../messaging/payload';
import { STATE_TOPIC } from '../messaging/topics';
import { upstreamId } from '../messaging/upstream-dump';
import { RouteBuilder } from './route-builder';

const UPSTREAM_ERROR = 'rustic_ai.core.agents.commons.message_formats.ErrorMessage';

/** Upstream's `core/tests/guild/simple_agent.py` AccountableAgent. */
class AccountableAgent extends Agent {
  @processor(JsonDict)
  async custom_handler(ctx: ProcessContext): Promise<void> {
    const { key1, key2 } = ctx.payload;
    if (typeof key1 !== 'string' || typeof key2 !== 'number') {
      await ctx.sendError(
        new ErrorMessage({ agentType: 'Accountable', errorType: 'E', errorMessage: 'bad' }),
        { reason: 'Cannot read payload' },
      );
      return;
    }
    await ctx.sendDict(
      { key1, key2, key3: 'Agent One' },
      { format: 'DummyResponseOne', reason: 'Identified payload as DummyMessage' },
    );
  }
}

/** Forwards what it gets to `mid` on the origin's behalf. */
class ForwarderAgent extends Agent {
  @processor(JsonDict)
  async forward(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict(ctx.payload, { format: 'Fwd', topics: 'mid', forwarding: true });
  }
}

/** Replies plainly to whatever arrives on `mid`. */
class ReplierAgent extends Agent {
  @processor(JsonDict)
  async reply(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ replied: true }, { format: 'Reply', topics: 'out' });
  }
}

class FailerAgent extends Agent {
  @processor(JsonDict)
  fail(): Promise<void> {
    return Promise.reject(new Error('failed on purpose'));
  }
}

function chain(id: string): GuildBuilder {
  return new GuildBuilder({ id })
    .setName(id)
    .setDescription('forward, then reply')
    .addAgentSpec(agentOnTopic(ForwarderAgent, 'fwd', 'in'))
    .addAgentSpec(agentOnTopic(ReplierAgent, 'rep', 'mid'));
}

describe('message fields upstream routing carries (agent.py _prepare_and_send_message)', () => {
  let run: RecordedGuild | undefined;
  afterEach(async () => {
    await run?.guild.shutdown();
    run = undefined;
  });

  it('should record the sender and the step reasons in the history (test_messages_with_reason)', async () => {
    // core/tests/resources/guild_specs/test_reason_guild.json
    const builder = new GuildBuilder({ id: 'accountable' })
      .setName('Accountable Guild')
      .setDescription("A guild where every agent's accountability is tracked.")
      .addAgentSpec(
        new AgentBuilder(AccountableAgent)
          .setName('Accountable Agent')
          .setDescription('Agent that provides accountability by sending messages with a reason')
          .addAdditionalTopic('test_topic')
          .listenToDefaultTopic(false)
          .buildSpec(),
      )
      .addRoute(
        new RouteBuilder({ name: 'Accountable Agent' })
          .setDestinationTopics('default_topic')
          .setGuildStateUpdate('({"count": $.guild_state.count ? $.guild_state.count+1 : 1})')
          .setReason('simply doing my job')
          .setProcessStatus('completed')
          .build(),
      );
    run = await launchRecorded(builder, []);
    await run.probe.publishWithGuildRoutes({
      topics: 'test_topic',
      format: 'DummyMessage',
      payload: { key1: 'jkl', key2: 789 },
    });
    await run.guild.idle();
    const messages = run.probe.messages.filter((m) => !m.topics.includes(STATE_TOPIC));
    expect(messages).toHaveLength(1);
    const history = messages[0]?.messageHistory.at(-1);
    expect(history?.reason).toHaveLength(2);
    expect(history?.reason).toContain('Identified payload as DummyMessage');
    expect(history?.reason).toContain('simply doing my job');
  });

  it('should not carry a forward header into a plain reply, routed or not (agent.py: forward_header=None)', async () => {
    run = await launchRecorded(chain('unrouted'), ['out']);
    const request = await run.probe.publish({ topics: 'in', format: 'Req', payload: { a: 1 } });
    await run.guild.idle();
    const forwarded = run.seen.find((m) => m.sender.id === 'fwd');
    expect(forwarded?.forwardHeader).toEqual({
      originMessageId: request.id,
      onBehalfOf: { id: 'probe', name: 'Probe' },
    });
    expect(run.seen.find((m) => m.sender.id === 'rep')).not.toHaveProperty('forwardHeader');
    await run.guild.shutdown();

    const routed = chain('routed').addRoute(
      new RouteBuilder({ name: 'rep' }).setDestinationTopics('out').build(),
    );
    run = await launchRecorded(routed, ['out']);
    await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Req', payload: { a: 1 } });
    await run.guild.idle();
    expect(run.seen.find((m) => m.sender.id === 'fwd')?.forwardHeader).toBeDefined();
    expect(run.seen.find((m) => m.sender.id === 'rep')).not.toHaveProperty('forwardHeader');
  });

  it("should keep the origin's process status on a reply without a routing slip", async () => {
    run = await launchRecorded(chain('status'), ['out']);
    await run.probe.publish({
      topics: 'in',
      format: 'Req',
      payload: { a: 1 },
      processStatus: 'running',
    });
    await run.guild.idle();
    expect(run.seen.filter((m) => m.sender.id !== 'probe').map((m) => m.processStatus)).toEqual([
      'running',
      'running',
    ]);
  });

  it.each([
    ['without routes', false],
    ['with routes', true],
  ])(
    'should copy ttl, traceparent and origin_guild_stack forward but not conversation_id (%s)',
    async (_, routed) => {
      const builder = chain(`carried-${String(routed)}`);
      if (routed) builder.addRoute(new RouteBuilder({ name: 'rep' }).build());
      run = await launchRecorded(builder, ['out']);
      const options = {
        topics: 'in',
        format: 'Req',
        payload: { a: 1 },
        ttl: 30,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        originGuildStack: [{ guildId: 'outer', sagaId: 'saga-1' }],
      };
      const first = await run.probe.publish({ ...options, conversationId: null });
      const second = { ...options, conversationId: first.id };
      const request = await (routed
        ? run.probe.publishWithGuildRoutes(second)
        : run.probe.publish(second));
      expect(request.conversationId).toBe(first.id);
      await run.guild.idle();
      const replies = run.seen.filter(
        (m) => m.sender.id !== 'probe' && m.thread[0] === request.thread[0],
      );
      expect(replies.map((m) => m.sender.id)).toEqual(['fwd', 'rep']);
      for (const reply of replies) {
        expect(reply).toMatchObject({
          ttl: 30,
          traceparent: options.traceparent,
          originGuildStack: options.originGuildStack,
        });
        expect(reply).not.toHaveProperty('conversationId');
      }
    },
  );

  it('should give the receiver the earlier messages when a content_based_router sets enrich_with_history', async () => {
    const builder = chain('enriched').addRoute(
      new RouteBuilder({ name: 'rep' })
        .setDestinationTopics('out')
        .setFunctionalTransformer('{ "enrich_with_history": 2 }')
        .build(),
    );
    run = await launchRecorded(builder, ['out']);
    const request = await run.probe.publishWithGuildRoutes({
      topics: 'in',
      format: 'Req',
      payload: { a: 1 },
    });
    const [reply] = await run.probe.waitForMessages((m) => m.format === 'Reply');
    const forwarded = run.seen.find((m) => m.sender.id === 'fwd');
    expect(reply?.enrichWithHistory).toBe(2);
    const enriched = reply?.sessionState?.['enriched_history'] as string[];
    // Upstream: model_dump_json of the messages the last two hops answered, oldest first.
    const dumps = enriched.map((text) => JSON.parse(text) as JsonObject);
    expect(dumps.map((d) => d['id'])).toEqual([upstreamId(request.id), upstreamId(forwarded!.id)]);
    expect(dumps.map((d) => d['payload'])).toEqual([{ a: 1 }, { a: 1 }]);
    expect(dumps[1]).toMatchObject({ format: 'Fwd', topics: ['mid'], sender: { id: 'fwd' } });
    for (const dump of dumps) {
      expect(dump).not.toHaveProperty('session_state');
      expect(dump).not.toHaveProperty('current_thread_id');
    }
    // Only the receiver's copy is enriched; what was published is not.
    expect(run.seen.find((m) => m.sender.id === 'rep')?.sessionState).toBeUndefined();
  });

  it('should warn, naming the key, when a content_based_router result sets a field it cannot', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning');
    try {
      const builder = chain('ignored').addRoute(
        new RouteBuilder({ name: 'rep' })
          .setDestinationTopics('out')
          .setFunctionalTransformer('{ "ttl": 5, "payload": { "changed": true } }')
          .build(),
      );
      run = await launchRecorded(builder, ['out']);
      await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Req', payload: { a: 1 } });
      const [reply] = await run.probe.waitForMessages((m) => m.format === 'Reply');
      expect(reply?.payload).toEqual({ changed: true });
      expect(reply).not.toHaveProperty('ttl');
      const warnings = emitWarning.mock.calls.map(([warning]) => String(warning));
      expect(warnings.filter((w) => w.includes('"ttl"'))).toEqual([
        expect.stringMatching(/route step 0 .*"rep".*result key "ttl" is not a routable field/),
      ]);
    } finally {
      emitWarning.mockRestore();
    }
  });

  it.each([
    ["upstream's qualified name", UPSTREAM_ERROR],
    ['the short alias', 'ErrorMessage'],
  ])(
    'should route an ErrorMessage by a message_format written as %s, with snake_case fields',
    async (_, format) => {
      const builder = new GuildBuilder({ id: 'failing' })
        .setName('failing')
        .setDescription('errors routed')
        .addAgentSpec(agentOnTopic(FailerAgent, 'failer', 'in'))
        .addRoute(
          new RouteBuilder({ name: 'failer' })
            .onMessageFormat(format)
            .setDestinationTopics('errors_seen')
            .build(),
        );
      run = await launchRecorded(builder, ['errors_seen']);
      await run.probe.publishWithGuildRoutes({ topics: 'in', format: 'Req', payload: { a: 1 } });
      const errors = await run.probe.waitForMessages((m) => m.topicPublishedTo === 'errors_seen');
      const routed = errors.find((m) => m.topicPublishedTo === 'errors_seen');
      expect(routed?.format).toBe(UPSTREAM_ERROR);
      expect(routed?.payload).toMatchObject({
        agent_type: 'FailerAgent',
        error_type: 'UNHANDLED_EXCEPTION',
        error_message: 'failed on purpose',
      });
      expect(ErrorMessage.fromJson(routed!.payload).errorMessage).toBe('failed on purpose');
    },
  );
});
