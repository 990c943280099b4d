import { rejectionOf } from '../__tests__/capture-error';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { DependencyResolver } from '../di/dependency-resolver';
import { type Message } from '../messaging/message';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { AgentBuilder } from './agent-builder';
import { GuildBuilder } from './guild-builder';

const closed: string[] = [];

class Pool {
  constructor(readonly owner: string) {}
  async close(): Promise<void> {
    await Promise.resolve();
    closed.push(`pool:${this.owner}`);
  }
}

class PoolResolver extends DependencyResolver<Pool> {
  resolve(_org: string, _guild: string, agentId: string): Pool {
    return new Pool(agentId);
  }
  close(): void {
    closed.push('resolver');
  }
}
resolverRegistry.register('PoolResolver', PoolResolver);

class RelayAgent extends Agent {
  @processor('relay', { dependsOn: ['pool'] })
  async relay(ctx: ProcessContext, deps: { pool: Pool }): Promise<void> {
    const hops = ctx.payload['hops'] as number;
    if (hops > 0)
      await ctx.sendDict(
        { hops: hops - 1, pool: deps.pool.owner },
        { format: 'relay', topics: 'relay' },
      );
    else await ctx.sendDict({ done: true }, { format: 'relay.done', topics: 'default_topic' });
  }
}

function relaySpec(id: string) {
  return new AgentBuilder(RelayAgent)
    .setId(id)
    .setName(id)
    .setDescription('relays')
    .addAdditionalTopic('relay')
    .buildSpec();
}

function builder(): GuildBuilder {
  return new GuildBuilder({ id: 'relay-guild' })
    .setName('relays')
    .setDescription('agents that pass a message around')
    .addDependencyResolver('pool', { className: 'PoolResolver' })
    .addAgentSpec(relaySpec('r1'))
    .addAgentSpec(relaySpec('r2'));
}

describe('Guild', () => {
  beforeEach(() => {
    closed.length = 0;
  });

  it('should list, get and remove agents; removing an unknown id throws AGENT_NOT_FOUND (test_guild)', async () => {
    const guild = await builder().launch('org');
    expect(guild.listAgents().map((a) => a.id)).toEqual(['r1', 'r2']);
    expect(guild.getAgent('r1')?.className).toBe('RelayAgent');
    expect(guild.getAgentInstance('r1')).toBeInstanceOf(RelayAgent);
    await guild.removeAgent('r1');
    expect(guild.listAgents().map((a) => a.id)).toEqual(['r2']);
    const error = await rejectionOf(guild.removeAgent('r1'));
    expect([error.code, error.message]).toEqual([
      'AGENT_NOT_FOUND',
      'No agent "r1" in guild "relays". Agents hosted here: r2.',
    ]);
    expect((await rejectionOf(guild.launchAgent(relaySpec('r2')))).code).toBe('AGENT_EXISTS');
    await guild.shutdown();
  });

  it('should let the conversation settle (idle) and observe every message (onMessage)', async () => {
    const guild = await builder().launch('org');
    const seen: [string, string][] = [];
    const tap = await guild.onMessage((message: Message, topic) =>
      seen.push([topic, message.format]),
    );
    await guild.publish({ topics: 'relay', format: 'relay', payload: { hops: 3 } });
    await guild.idle();
    await tap.unsubscribe();
    // both agents take the first message; afterwards each hop reaches only the other agent
    expect(seen[0]).toEqual(['relay', 'relay']);
    expect(seen.filter(([topic]) => topic === 'relay')).toHaveLength(1 + 2 * 3);
    expect(seen.filter(([, format]) => format === 'relay.done')).toEqual([
      ['default_topic', 'relay.done'],
      ['default_topic', 'relay.done'],
    ]);
    await guild.publish({ topics: 'relay', format: 'relay', payload: { hops: 0 } });
    await guild.idle();
    expect(seen).toHaveLength(9);
    await guild.shutdown();
  });

  it('should give observers copies they cannot use to change what agents receive', async () => {
    const guild = await builder().launch('org');
    const probe = await ProbeAgent.join(guild, { topics: ['relay'] });
    await guild.onMessage((message) => {
      message.payload['hops'] = 99;
    });
    await guild.publish({
      topics: 'relay',
      format: 'relay',
      payload: { hops: 0 },
      sender: { id: 'cli', name: 'CLI' },
    });
    const messages = await probe.waitForMessages((m) => m.format === 'relay.done');
    expect(messages[0]?.payload).toEqual({ hops: 0 });
    expect(messages[0]?.sender).toEqual({ id: 'cli', name: 'CLI' });
    await guild.shutdown();
  });

  it('should close resolved dependencies, resolvers and the bus at shutdown, once', async () => {
    const guild = await builder().launch('org');
    await guild.publish({ topics: 'relay', format: 'relay', payload: { hops: 2 } });
    await guild.idle();
    await Promise.all([guild.shutdown(), guild.shutdown()]);
    expect(closed.sort()).toEqual(['pool:r1', 'pool:r2', 'resolver']);
    expect((await rejectionOf(guild.publish({ format: 'relay', payload: { hops: 0 } }))).code).toBe(
      'GUILD_SHUT_DOWN',
    );
    expect((await rejectionOf(guild.launchAgent(relaySpec('r3')))).code).toBe('GUILD_SHUT_DOWN');
  });

  it('should report failed shutdown steps after finishing all of them', async () => {
    class BadStop extends Agent {
      static readonly receivesMessages = false;
      override onStop(): never {
        throw new Error('stuck');
      }
    }
    const guild = await builder()
      .addAgentSpec(
        new AgentBuilder(BadStop).setId('bad').setName('bad').setDescription('d').buildSpec(),
      )
      .launch('org');
    await guild.publish({ topics: 'relay', format: 'relay', payload: { hops: 1 } });
    await guild.idle();
    const error = await rejectionOf(guild.shutdown());
    expect([error.code, error.message]).toEqual([
      'SHUTDOWN_FAILED',
      'Guild "relays" shut down, but 1 step(s) failed: stuck',
    ]);
    expect(closed.sort()).toEqual(['pool:r1', 'pool:r2', 'resolver']);
  });

  it('should dispose an agent-level dependency when that agent is removed', async () => {
    const guild = await new GuildBuilder()
      .setName('own deps')
      .setDescription('d')
      .addAgentSpec(
        new AgentBuilder(RelayAgent)
          .setId('solo')
          .setName('solo')
          .setDescription('d')
          .addAdditionalTopic('relay')
          .addDependencyResolver('pool', { className: 'PoolResolver' })
          .buildSpec(),
      )
      .launch('org');
    await guild.publish({ topics: 'relay', format: 'relay', payload: { hops: 0 } });
    await guild.idle();
    await guild.removeAgent('solo');
    expect(closed.sort()).toEqual(['pool:solo', 'resolver']);
    await guild.shutdown();
  });
});
