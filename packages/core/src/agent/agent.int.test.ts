import { DependencyResolver } from '../di/dependency-resolver';
import { errorOf } from '../__tests__/capture-error';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ErrorMessage } from '../messaging/error-message';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { JsonDict, Payload } from '../messaging/payload';
import { PayloadFields } from '../messaging/payload-fields';
import { Priority } from '../messaging/priority';
import { ERROR_TOPIC, HEARTBEAT_TOPIC, selfInbox } from '../messaging/topics';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { Agent } from './agent';
import { type ProcessContext } from './process-context';
import { processor } from './processor';

class DummyRequest extends Payload {
  static readonly format = 'DummyRequest';
  constructor(
    readonly key1: string,
    readonly key2: number,
  ) {
    super();
  }
  static fromJson(json: JsonObject): DummyRequest {
    const f = new PayloadFields(json, DummyRequest.format);
    return new DummyRequest(f.string('key1'), f.number('key2'));
  }
}

class SimpleAgent extends Agent {
  readonly received: Message[] = [];
  @processor(JsonDict)
  collect(ctx: ProcessContext): void {
    this.received.push(ctx.message);
  }
}

class DummyResponse extends Payload {
  static readonly format = 'DummyResponse';
  constructor(readonly echoed: string) {
    super();
  }
}

class TypedReplyAgent extends Agent {
  @processor(DummyRequest)
  async reply(ctx: ProcessContext<DummyRequest>): Promise<void> {
    await ctx.send(new DummyResponse(ctx.payload.key1));
    await ctx.send({ plain: true }, { format: 'custom.format', priority: Priority.HIGH });
    this.sentIds = ctx.sentMessages.map((m) => m.id);
  }
  sentIds: string[] = [];
}

class MultiProcessAgent extends Agent {
  @processor(DummyRequest)
  async first(ctx: ProcessContext<DummyRequest>): Promise<void> {
    await ctx.sendDict({ handler: 'first', key2: ctx.payload.key2 }, { reason: 'always' });
  }

  @processor(DummyRequest, { predicate: (_agent, m) => (m.payload['key2'] as number) > 10 })
  async big(ctx: ProcessContext<DummyRequest>): Promise<void> {
    await ctx.sendDict({ handler: 'big' });
  }
}

class FailingAgent extends Agent {
  @processor('boom.sync')
  sync(): void {
    throw new Error('sync failure');
  }

  @processor('boom.async')
  async async(): Promise<void> {
    await Promise.resolve();
    throw new Error('async failure');
  }

  @processor('ok')
  async ok(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ ok: true });
  }

  @processor('report')
  async report(ctx: ProcessContext): Promise<void> {
    await ctx.sendError(
      new ErrorMessage({
        agentType: 'FailingAgent',
        errorType: 'CUSTOM',
        errorMessage: 'An error occurred',
      }),
      {
        reason: 'reported on purpose',
      },
    );
  }
}

class BrokenResolver extends DependencyResolver<string> {
  resolve(): string {
    throw new Error('backend unreachable');
  }
}
resolverRegistry.register('BrokenResolver', BrokenResolver);

class NeedsBrokenAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['broken'] })
  use(): void {
    return undefined;
  }
}

class SelfTalkAgent extends Agent {
  @processor('talk')
  async talk(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ step: 'to-self' }, { topics: selfInbox(this.id), format: 'note' });
    await ctx.sendDict({ step: 'to-default' }, { topics: 'default_topic', format: 'note' });
  }

  readonly essential: string[] = [];
  readonly normal: string[] = [];

  @processor('note', { handleEssential: true })
  note(ctx: ProcessContext): void {
    this.essential.push(ctx.payload['step'] as string);
  }

  @processor('note')
  plain(ctx: ProcessContext): void {
    this.normal.push(ctx.payload['step'] as string);
  }
}

class LifecycleAgent extends Agent {
  static readonly receivesMessages = false;
  static readonly events: string[] = [];
  override onStart(): void {
    LifecycleAgent.events.push(`start:${this.id}`);
  }
  override async onStop(): Promise<void> {
    await Promise.resolve();
    LifecycleAgent.events.push(`stop:${this.id}`);
  }
}

class OrderAgent extends Agent {
  readonly seen: number[] = [];
  @processor('order')
  async record(ctx: ProcessContext): Promise<void> {
    this.seen.push(ctx.payload['n'] as number);
    await Promise.resolve();
  }
}

function spec(cls: new () => Agent, id: string, configure?: (b: AgentBuilder) => AgentBuilder) {
  const builder = new AgentBuilder(cls).setId(id).setName(id).setDescription(`${id} agent`);
  return (configure?.(builder) ?? builder).buildSpec();
}

async function launch(...agents: ReturnType<typeof spec>[]): Promise<Guild> {
  const builder = new GuildBuilder()
    .setName('test guild')
    .setDescription('agent tests')
    .addDependencyResolver('broken', { className: 'BrokenResolver' });
  for (const agent of agents) builder.addAgentSpec(agent);
  return builder.launch('org-1');
}

describe(Agent, () => {
  let guild: Guild;
  afterEach(async () => {
    await guild.shutdown();
  });

  it('should hand a raw JSON message to a JsonDict processor (test_agent_client_message_handling)', async () => {
    guild = await launch(spec(SimpleAgent, 'simple'));
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: { key1: 'value1' } });
    await guild.idle();
    const agent = guild.getAgentInstance('simple') as SimpleAgent;
    expect(agent.received.map((m) => m.payload)).toEqual([{ key1: 'value1' }]);
    expect(agent.received[0]?.sender).toEqual({ id: 'probe', name: 'Probe' });
  });

  it('should deliver sendError on error_topic with the reason (test_agent_error_handling, test_agent_send_with_reason)', async () => {
    guild = await launch(spec(FailingAgent, 'failing'));
    const probe = await ProbeAgent.join(guild);
    const request = await probe.publish({ format: 'report', payload: { x: 1 } });
    const [error] = await probe.waitForMessages(1);
    expect(error?.topicPublishedTo).toBe(ERROR_TOPIC);
    expect(error?.isErrorMessage).toBe(true);
    expect(error?.inResponseTo).toBe(request.id);
    expect(error?.payload).toEqual({
      agent_type: 'FailingAgent',
      error_type: 'CUSTOM',
      error_message: 'An error occurred',
    });
    expect(error?.messageHistory.at(-1)?.reason).toEqual(['reported on purpose']);
  });

  it('should run every matching processor (test_agent_with_multiple_handlers)', async () => {
    guild = await launch(spec(MultiProcessAgent, 'multi'));
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: new DummyRequest('a', 5) });
    await guild.idle();
    expect(probe.messages.map((m) => m.payload['handler'])).toEqual(['first']);
    probe.clear();
    await probe.publish({ payload: new DummyRequest('a', 11) });
    await guild.idle();
    expect(probe.messages.map((m) => m.payload['handler']).sort()).toEqual(['big', 'first']);
    expect(
      probe.messages.find((m) => m.payload['handler'] === 'first')?.messageHistory.at(-1)?.reason,
    ).toEqual(['always']);
  });

  it('should reply on the topics of the origin message, as a response in its thread', async () => {
    guild = await launch(spec(MultiProcessAgent, 'multi', (b) => b.addAdditionalTopic('work')));
    const probe = await ProbeAgent.join(guild, { topics: ['work'], listenToDefaultTopic: false });
    const request = await probe.publish({ topics: 'work', payload: new DummyRequest('a', 1) });
    const [reply] = await probe.waitForMessages(1);
    expect(reply?.topics).toEqual(['work']);
    expect(reply?.inResponseTo).toBe(request.id);
    expect(reply?.thread).toEqual([request.id]);
    expect(reply?.sender).toEqual({ id: 'multi', name: 'multi' });
  });

  it('should turn sync and async throws into UNHANDLED_EXCEPTION replies and keep going', async () => {
    guild = await launch(spec(FailingAgent, 'failing'));
    const probe = await ProbeAgent.join(guild);
    const sync = await probe.publish({ format: 'boom.sync', payload: { a: 1 } });
    const async = await probe.publish({ format: 'boom.async', payload: { a: 1 } });
    await probe.publish({ format: 'ok', payload: { a: 1 } });
    const messages = await probe.waitForMessages(3);
    const errors = messages.filter((m) => m.isErrorMessage);
    expect(
      errors.map((m) => [
        m.inResponseTo,
        m.format,
        m.payload['error_type'],
        m.payload['error_message'],
      ]),
    ).toEqual([
      [sync.id, ErrorMessage.format, 'UNHANDLED_EXCEPTION', 'sync failure'],
      [async.id, ErrorMessage.format, 'UNHANDLED_EXCEPTION', 'async failure'],
    ]);
    expect(messages.find((m) => !m.isErrorMessage)?.payload).toEqual({ ok: true });
  });

  it('should answer a payload that does not fit its class with INVALID_PAYLOAD', async () => {
    guild = await launch(spec(MultiProcessAgent, 'multi'));
    const probe = await ProbeAgent.join(guild);
    await probe.publish({
      format: DummyRequest.format,
      payload: { key1: 'a', key2: 'not a number' },
    });
    const [error] = await probe.waitForMessages(1);
    expect(error?.payload['error_type']).toBe('INVALID_PAYLOAD');
    expect(error?.payload['error_message']).toBe(
      'Payload for format "DummyRequest": field "key2" must be a number, got string.',
    );
  });

  it('should answer a failing dependency with DEPENDENCY_RESOLUTION_FAILED', async () => {
    guild = await launch(spec(NeedsBrokenAgent, 'needy'));
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: { a: 1 } });
    const [error] = await probe.waitForMessages(1);
    expect(error?.payload['error_type']).toBe('DEPENDENCY_RESOLUTION_FAILED');
    expect(error?.payload['error_message']).toBe('backend unreachable');
  });

  it('should see its own messages only on its self inbox, and only in handleEssential processors', async () => {
    guild = await launch(spec(SelfTalkAgent, 'talker'));
    await guild.publish({ format: 'talk', payload: {} });
    await guild.idle();
    const agent = guild.getAgentInstance('talker') as SelfTalkAgent;
    expect(agent.essential).toEqual(['to-self']);
    expect(agent.normal).toEqual([]);
  });

  it('should route essential topics only to handleEssential processors', async () => {
    guild = await launch(spec(SelfTalkAgent, 'talker'));
    await guild.publish({ topics: HEARTBEAT_TOPIC, format: 'note', payload: { step: 'beat' } });
    await guild.publish({ format: 'note', payload: { step: 'plain' } });
    await guild.idle();
    const agent = guild.getAgentInstance('talker') as SelfTalkAgent;
    expect(agent.essential).toEqual(['beat', 'plain']);
    expect(agent.normal).toEqual(['plain']);
  });

  it('should act only on tagged messages when actOnlyWhenTagged (test_agent_tagging)', async () => {
    guild = await launch(
      spec(MultiProcessAgent, 'echo1', (b) => b.actOnlyWhenTagged(true)),
      spec(MultiProcessAgent, 'echo2', (b) => b.actOnlyWhenTagged(true)),
      spec(MultiProcessAgent, 'echo3'),
    );
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: new DummyRequest('a', 1), recipientList: [{ id: 'echo1' }] });
    await guild.idle();
    expect(probe.messages.map((m) => m.sender.id).sort()).toEqual(['echo1', 'echo3']);
    probe.clear();
    await probe.publish({ payload: new DummyRequest('a', 1), recipientList: [{ name: 'echo2' }] });
    await guild.idle();
    expect(probe.messages.map((m) => m.sender.id).sort()).toEqual(['echo2', 'echo3']);
  });

  it('should process queued messages by priority, then in arrival order', async () => {
    guild = await launch(spec(OrderAgent, 'order'));
    const sends = [
      { n: 1, priority: Priority.LOW },
      { n: 2, priority: Priority.NORMAL },
      { n: 3, priority: Priority.URGENT },
      { n: 4, priority: Priority.NORMAL },
      { n: 5, priority: Priority.URGENT },
    ];
    await Promise.all(
      sends.map(({ n, priority }) => guild.publish({ format: 'order', payload: { n }, priority })),
    );
    await guild.idle();
    expect((guild.getAgentInstance('order') as OrderAgent).seen).toEqual([3, 5, 2, 4, 1]);
  });

  it('should keep publish order per topic', async () => {
    guild = await launch(spec(OrderAgent, 'order'));
    for (let n = 0; n < 50; n += 1) void guild.publish({ format: 'order', payload: { n } });
    await guild.idle();
    expect((guild.getAgentInstance('order') as OrderAgent).seen).toEqual([...Array(50).keys()]);
  });

  it('should start a sub-thread with newThread', async () => {
    class ThreadAgent extends Agent {
      @processor('t')
      async t(ctx: ProcessContext): Promise<void> {
        await ctx.sendDict({}, { newThread: true, format: 'r' });
      }
    }
    guild = await launch(spec(ThreadAgent, 'threads'));
    const probe = await ProbeAgent.join(guild);
    const request = await probe.publish({ format: 't', payload: {} });
    const [reply] = await probe.waitForMessages(1);
    expect(reply?.thread).toEqual([request.id, reply?.id]);
  });

  it('should call onStart at launch and onStop at removal and shutdown', async () => {
    LifecycleAgent.events.length = 0;
    guild = await launch(spec(LifecycleAgent, 'a'), spec(LifecycleAgent, 'b'));
    expect(LifecycleAgent.events).toEqual(['start:a', 'start:b']);
    await guild.removeAgent('a');
    expect(LifecycleAgent.events).toEqual(['start:a', 'start:b', 'stop:a']);
    await guild.shutdown();
    expect(LifecycleAgent.events).toEqual(['start:a', 'start:b', 'stop:a', 'stop:b']);
  });

  it('should refuse to be constructed outside a guild', async () => {
    guild = await launch();
    const error = errorOf(() => new SimpleAgent());
    expect(error.code).toBe('AGENT_START_FAILED');
    expect(error.message).toMatch(
      /^SimpleAgent cannot be constructed directly: add its spec to a guild/,
    );
  });

  it('should send payload classes with their format and plain objects with the given one', async () => {
    guild = await launch(spec(TypedReplyAgent, 'typed'));
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: new DummyRequest('hello', 1) });
    const replies = await probe.waitForMessages(2);
    expect(replies.map((m) => [m.format, m.payload, m.priority])).toEqual([
      ['DummyResponse', { echoed: 'hello' }, Priority.NORMAL],
      ['custom.format', { plain: true }, Priority.HIGH],
    ]);
    await guild.idle();
    expect((guild.getAgentInstance('typed') as TypedReplyAgent).sentIds).toEqual(
      replies.map((m) => m.id),
    );
  });
});
