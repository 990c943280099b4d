// Agents, payload classes, predicates and resolvers that throw values that are hard to even
// describe. The process must survive every one, each request must get its ErrorMessage, and
// the agent must keep serving. Prints one JSON report on stdout.
import {
  Agent,
  AgentBuilder,
  DependencyResolver,
  GuildBuilder,
  GuildError,
  type JsonObject,
  type Message,
  type ProcessContext,
  processor,
  resolverRegistry,
} from '@guildkit/core';

function nullProto(): unknown {
  return Object.create(null) as unknown;
}

function toStringThrows(): unknown {
  return {
    toString(): string {
      throw new Error('toString exploded');
    },
    get message(): string {
      throw new Error('message getter exploded');
    },
  };
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

class HostilePayload {
  static readonly format = 'hostile.payload';
  static fromJson(): HostilePayload {
    throw nullProto();
  }
}

class RejectingResolver extends DependencyResolver<string> {
  resolve(): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the point of the test
    return Promise.reject(toStringThrows());
  }
}

class HostileAgent extends Agent {
  @processor('hostile.null-proto')
  nullProto(): void {
    throw nullProto();
  }

  @processor('hostile.async-null-proto')
  async asyncNullProto(): Promise<void> {
    await Promise.resolve();
    throw nullProto();
  }

  @processor('hostile.to-string-throws')
  toStringThrows(): void {
    throw toStringThrows();
  }

  @processor('hostile.revoked-proxy')
  async revokedProxy(): Promise<void> {
    await Promise.resolve();
    throw revokedProxy();
  }

  @processor('hostile.undefined')
  undefinedThrow(): void {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point of the test
    throw undefined;
  }

  @processor('hostile.predicate', {
    predicate: () => {
      throw nullProto();
    },
  })
  neverRuns(): void {
    return undefined;
  }

  @processor(HostilePayload)
  neverGetsPayload(): void {
    return undefined;
  }

  @processor('hostile.resolve', { dependsOn: ['rejecting'] })
  neverGetsDependency(): void {
    return undefined;
  }

  @processor('hostile.error')
  throwsError(): void {
    throw new Error('a plain error with a stack');
  }

  @processor('ping')
  async pong(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ pong: true }, { format: 'pong' });
  }
}

class StartBomb extends Agent {
  static readonly receivesMessages = false;
  override onStart(): void {
    throw nullProto();
  }
}

class UsesBomb extends Agent {
  @processor('use-bomb', { dependsOn: ['bomb'] })
  use(): void {
    return undefined;
  }
}

class StopBomb extends Agent {
  static readonly receivesMessages = false;
  override onStop(): void {
    throw toStringThrows();
  }
}

class ConstructorBomb extends DependencyResolver<string> {
  constructor() {
    super();
    throw nullProto();
  }
  resolve(): string {
    return 'never';
  }
}

class CloseBomb extends DependencyResolver<string> {
  resolve(): string {
    return 'value';
  }
  close(): never {
    throw revokedProxy();
  }
}

class UsesBombs extends Agent {
  @processor('use', { dependsOn: ['closeBomb'] })
  use(): void {
    return undefined;
  }
}

resolverRegistry
  .register('RejectingResolver', RejectingResolver)
  .register('ConstructorBomb', ConstructorBomb)
  .register('CloseBomb', CloseBomb);

const FORMATS = [
  'hostile.null-proto',
  'hostile.async-null-proto',
  'hostile.to-string-throws',
  'hostile.revoked-proxy',
  'hostile.undefined',
  'hostile.predicate',
  'hostile.payload',
  'hostile.resolve',
  'hostile.error',
];

function spec(agent: typeof Agent, id: string): ReturnType<AgentBuilder['buildSpec']> {
  return new AgentBuilder(agent).setId(id).setName(id).setDescription(id).buildSpec();
}

async function failure(promise: Promise<unknown>): Promise<JsonObject> {
  try {
    await promise;
    return { failed: false };
  } catch (error) {
    return GuildError.is(error)
      ? { failed: true, code: error.code, message: error.message }
      : { failed: true, code: 'not a GuildError' };
  }
}

async function processorFaults(report: JsonObject): Promise<void> {
  const guild = await new GuildBuilder()
    .setName('hostile')
    .setDescription('throws odd values')
    .addDependencyResolver('rejecting', { className: 'RejectingResolver' })
    .addAgentSpec(spec(HostileAgent, 'hostile'))
    .launch('org');
  const seen: Message[] = [];
  await guild.onMessage((message) => seen.push(message));
  await guild.onMessage(() => {
    throw toStringThrows();
  });
  const sent = new Map<string, string>();
  for (const format of [...FORMATS, 'ping']) {
    sent.set((await guild.publish({ format, payload: {} })).id, format);
  }
  await guild.idle();
  const errors: JsonObject = {};
  for (const message of seen.filter((m) => m.isErrorMessage)) {
    errors[sent.get(message.inResponseTo ?? '') ?? 'unknown'] = message.payload;
  }
  report['errors'] = errors;
  report['pong'] = seen.some((m) => m.format === 'pong');
  await guild.shutdown();
}

async function lifecycleFaults(report: JsonObject): Promise<void> {
  const base = () => new GuildBuilder().setName('bombs').setDescription('lifecycle faults');
  report['onStart'] = await failure(base().addAgentSpec(spec(StartBomb, 'start')).launch('org'));
  report['resolverConstructor'] = await failure(
    base()
      .addDependencyResolver('bomb', { className: 'ConstructorBomb' })
      .addAgentSpec({ ...spec(UsesBomb, 'user'), additionalDependencies: ['bomb'] })
      .launch('org'),
  );
  const guild = await base()
    .addDependencyResolver('closeBomb', { className: 'CloseBomb' })
    .addAgentSpec(spec(StopBomb, 'stop'))
    .addAgentSpec(spec(UsesBombs, 'uses'))
    .launch('org');
  await guild.publish({ format: 'use', payload: {} });
  await guild.idle();
  report['shutdown'] = await failure(guild.shutdown());
}

async function main(): Promise<void> {
  const report: JsonObject = {};
  await processorFaults(report);
  await lifecycleFaults(report);
  console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error('main failed', error);
  process.exitCode = 1;
});
