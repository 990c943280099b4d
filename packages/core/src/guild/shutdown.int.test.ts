import { rejectionOf } from '../__tests__/capture-error';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { DependencyResolver } from '../di/dependency-resolver';
import { type Message } from '../messaging/message';
import { resolverRegistry } from '../registry/resolver-registry';
import { AgentBuilder } from './agent-builder';
import { type Guild } from './guild';
import { GuildBuilder } from './guild-builder';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails the test instead of hanging it when `promise` takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T; elapsed: number }> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`still pending after ${ms} ms`));
    }, ms);
  });
  try {
    return { value: await Promise.race([promise, hung]), elapsed: Date.now() - start };
  } finally {
    clearTimeout(timer);
  }
}

class StepAgent extends Agent {
  @processor('step')
  async step(ctx: ProcessContext): Promise<void> {
    await sleep(100);
    await ctx.sendDict({ n: ctx.payload['n'] ?? null }, { format: 'step.done' });
  }
}

class StuckAgent extends Agent {
  override processorTimeoutMs = null;
  @processor('stuck')
  stuck(): Promise<void> {
    return new Promise(() => undefined);
  }
}

class StuckStopAgent extends Agent {
  static readonly receivesMessages = false;
  override onStop(): Promise<void> {
    return new Promise(() => undefined);
  }
}

class HangingCloseResolver extends DependencyResolver<string> {
  resolve(): string {
    return 'v';
  }
  close(): Promise<void> {
    return new Promise(() => undefined);
  }
}
resolverRegistry.register('HangingCloseResolver', HangingCloseResolver);

class NeverResolves extends DependencyResolver<string> {
  protected override resolveTimeoutMs = null;
  resolve(): Promise<string> {
    return new Promise(() => undefined);
  }
}
resolverRegistry.register('NeverResolves', NeverResolves);

class WaitsForDependency extends Agent {
  @processor('wait', { dependsOn: ['never'] })
  wait(): void {
    return undefined;
  }
}

function spec(cls: typeof Agent, id: string) {
  return new AgentBuilder(cls).setId(id).setName(id).setDescription(id).buildSpec();
}

function launch(...agents: ReturnType<typeof spec>[]): Promise<Guild> {
  const builder = new GuildBuilder().setName('stopping').setDescription('shutdown tests');
  for (const agent of agents) builder.addAgentSpec(agent);
  return builder.launch('org');
}

async function record(guild: Guild): Promise<Message[]> {
  const seen: Message[] = [];
  await guild.onMessage((message) => seen.push(message));
  return seen;
}

describe('Guild.shutdown', () => {
  it('should answer every queued request: processed, or GUILD_SHUTTING_DOWN', async () => {
    const guild = await launch(spec(StepAgent, 'stepper'));
    const seen = await record(guild);
    const requests: Message[] = [];
    for (let n = 0; n < 10; n += 1) {
      requests.push(await guild.publish({ format: 'step', payload: { n } }));
    }
    await within(guild.shutdown({ graceMs: 1000 }), 3000);
    const answers = requests.map((r) => seen.filter((m) => m.inResponseTo === r.id));
    expect(answers.map((a) => a.length)).toEqual(Array.from({ length: 10 }, () => 1));
    const refused = answers.flat().filter((m) => m.isErrorMessage);
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused[0]?.payload).toMatchObject({
      agent_type: 'StepAgent',
      error_type: 'GUILD_SHUTTING_DOWN',
      error_message:
        'Guild "stopping" is shutting down: agent "stepper" did not process this message.',
    });
  });

  it('should give a processor in progress graceMs, then answer it and return', async () => {
    const guild = await launch(spec(StuckAgent, 'stuck'));
    const seen = await record(guild);
    const request = await guild.publish({ format: 'stuck', payload: {} });
    await sleep(20);
    const { elapsed } = await within(guild.shutdown({ graceMs: 200 }), 3000);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    expect(seen.filter((m) => m.inResponseTo === request.id).map((m) => m.payload)).toEqual([
      expect.objectContaining({
        error_type: 'GUILD_SHUTTING_DOWN',
        error_message: expect.stringContaining('shut down while "stuck"') as unknown,
      }),
    ]);
  });

  it('should not wait past graceMs for a resolve() that never settles', async () => {
    const guild = await new GuildBuilder()
      .setName('stopping')
      .setDescription('a dependency that never resolves')
      .addDependencyResolver('never', { className: 'NeverResolves' })
      .addAgentSpec(spec(WaitsForDependency, 'waiter'))
      .launch('org');
    const seen = await record(guild);
    const request = await guild.publish({ format: 'wait', payload: {} });
    await sleep(20);
    const { elapsed } = await within(guild.shutdown({ graceMs: 150 }), 3000);
    expect(elapsed).toBeLessThan(1500);
    expect(
      seen.filter((m) => m.inResponseTo === request.id).map((m) => m.payload['error_type']),
    ).toEqual(['GUILD_SHUTTING_DOWN']);
  });

  it('should stop agents in parallel', async () => {
    const guild = await launch(spec(StuckAgent, 'a'), spec(StuckAgent, 'b'), spec(StuckAgent, 'c'));
    await guild.publish({ format: 'stuck', payload: {} });
    await sleep(20);
    const { elapsed } = await within(guild.shutdown({ graceMs: 300 }), 3000);
    expect(elapsed).toBeLessThan(800);
  });

  it('should not hang on a close() or an onStop that never settles', async () => {
    const guild = await new GuildBuilder()
      .setName('stopping')
      .setDescription('hanging cleanup')
      .addDependencyResolver('h', { className: 'HangingCloseResolver' })
      .addAgentSpec({ ...spec(StuckStopAgent, 'stop'), additionalDependencies: ['h'] })
      .launch('org');
    const { value: error, elapsed } = await within(
      rejectionOf(guild.shutdown({ graceMs: 50, closeTimeoutMs: 200 })),
      3000,
    );
    expect(elapsed).toBeLessThan(1000);
    expect(error.code).toBe('SHUTDOWN_FAILED');
    expect(error.message).toMatch(/onStop of agent "stop" did not finish within 200 ms/);
    expect(error.message).toMatch(/close\(\) of HangingCloseResolver did not finish within \d+ ms/);
  });

  it('should bound removeAgent the same way', async () => {
    const guild = await launch(spec(StuckAgent, 'stuck'));
    await guild.publish({ format: 'stuck', payload: {} });
    await sleep(20);
    const { elapsed } = await within(guild.removeAgent('stuck', { graceMs: 100 }), 3000);
    expect(elapsed).toBeLessThan(1000);
    expect(guild.agentCount).toBe(0);
    await guild.shutdown();
  });

  it('should refuse invalid limits without starting to shut down', async () => {
    const guild = await launch(spec(StepAgent, 'stepper'));
    const error = await rejectionOf(guild.shutdown({ graceMs: -1 }));
    expect(error.code).toBe('SPEC_INVALID');
    expect(guild.agentCount).toBe(1);
    await guild.shutdown();
    expect(guild.agentCount).toBe(0);
  });

  it('should refuse publishing once shutting down', async () => {
    const guild = await launch();
    const stopping = guild.shutdown();
    const error = await rejectionOf(guild.publish({ format: 'x', payload: {} }));
    expect(error.code).toBe('GUILD_SHUT_DOWN');
    await stopping;
  });
});
