import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ErrorMessage } from '../messaging/error-message';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { DEFAULT_RESOLVE_TIMEOUT_MS, DependencyResolver } from './dependency-resolver';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const events: string[] = [];

class Handle {
  constructor(readonly n: number) {}
  close(): void {
    events.push(`close:${this.n}`);
  }
}

/** The first resolve takes 300 ms, later ones are instant. */
class SlowStartResolver extends DependencyResolver<Handle> {
  protected override resolveTimeoutMs: number | null = 100;
  private calls = 0;
  async resolve(): Promise<Handle> {
    this.calls += 1;
    const n = this.calls;
    events.push(`resolve:${n}`);
    if (n === 1) await sleep(300);
    return new Handle(n);
  }
}

class DefaultResolver extends DependencyResolver<number> {
  resolve(): number {
    return 1;
  }
  get limit(): number | null {
    return this.resolveTimeoutMs;
  }
}
resolverRegistry.register('SlowStartResolver', SlowStartResolver);

class UsesHandle extends Agent {
  @processor('use', { dependsOn: ['handle'] })
  async use(ctx: ProcessContext, deps: { handle: Handle }): Promise<void> {
    await ctx.sendDict({ n: deps.handle.n }, { format: 'used' });
  }

  @processor('other')
  async other(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ ok: true }, { format: 'other.done' });
  }
}

describe('dependency resolution timeouts', () => {
  let guild: Guild;
  beforeEach(() => {
    events.length = 0;
  });
  afterEach(async () => {
    await guild.shutdown({ graceMs: 50 });
  });

  it('should answer DEPENDENCY_RESOLUTION_TIMEOUT, serve the next message, retry and close the late value', async () => {
    guild = await new GuildBuilder()
      .setName('slow deps')
      .setDescription('a resolver that overruns once')
      .addDependencyResolver('handle', { className: 'SlowStartResolver' })
      .addAgentSpec(
        new AgentBuilder(UsesHandle).setId('user').setName('User').setDescription('d').buildSpec(),
      )
      .launch('org');
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'use', payload: {} });
    await probe.publish({ format: 'other', payload: {} });
    const first = await probe.waitForMessages(2, 2000);
    expect(first.map((m) => m.format)).toEqual([ErrorMessage.format, 'other.done']);
    expect(first[0]?.payload).toMatchObject({
      error_type: 'DEPENDENCY_RESOLUTION_TIMEOUT',
      details: { processor: 'use' },
    });
    expect(first[0]?.payload['error_message']).toMatch(
      /SlowStartResolver\.resolve\("org", ".+", "user"\) did not finish within 100 ms/,
    );
    await probe.publish({ format: 'use', payload: {} });
    const [, , used] = await probe.waitForMessages(3, 2000);
    expect(used?.payload).toEqual({ n: 2 });
    await sleep(300);
    expect(events).toEqual(['resolve:1', 'resolve:2', 'close:1']);
  });
});

describe('the default resolution timeout', () => {
  it('should be 120 s', () => {
    expect(new DefaultResolver().limit).toBe(DEFAULT_RESOLVE_TIMEOUT_MS);
    expect(DEFAULT_RESOLVE_TIMEOUT_MS).toBe(120_000);
  });
});
