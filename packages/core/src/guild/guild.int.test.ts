import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { DependencyResolver } from '../di/dependency-resolver';
import { JsonDict } from '../messaging/payload';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { AgentBuilder } from './agent-builder';
import { GuildBuilder } from './guild-builder';

class Counter {
  count = 0;
  closed = false;
  close(): void {
    this.closed = true;
  }
}

class CounterResolver extends DependencyResolver<Counter> {
  resolve(): Counter {
    return new Counter();
  }
}

class EchoAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['counter'] })
  async echo(ctx: ProcessContext, deps: { counter: Counter }): Promise<void> {
    deps.counter.count += 1;
    await ctx.sendDict({ ...ctx.payload, count: deps.counter.count });
  }
}

describe('a guild with an echo agent', () => {
  it('should echo to the origin topic and dispose dependencies at shutdown', async () => {
    const guild = await new GuildBuilder()
      .setName('echo guild')
      .setDescription('echoes')
      .addDependencyResolver('counter', { className: 'test#Counter' })
      .launch('org')
      .catch((e: unknown) => e);
    expect(guild).toBeInstanceOf(Error);
  });

  it('should run end to end', async () => {
    resolverRegistry.register('CounterResolver', CounterResolver);
    const guild = await new GuildBuilder()
      .setName('echo guild')
      .setDescription('echoes')
      .addDependencyResolver('counter', { className: 'CounterResolver' })
      .addAgentSpec(
        new AgentBuilder(EchoAgent)
          .setId('echo')
          .setName('Echo')
          .setDescription('echo')
          .buildSpec(),
      )
      .launch('org');
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ payload: { hello: 'world' } });
    const [reply] = await probe.waitForMessages(1);
    expect(reply?.payload).toEqual({ hello: 'world', count: 1 });
    await guild.idle();
    await guild.shutdown();
  });
});
