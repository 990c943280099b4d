import { rejectionOf } from '../__tests__/capture-error';
import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { DependencyResolver } from '../di/dependency-resolver';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { AgentBuilder } from './agent-builder';
import { type Guild } from './guild';
import { GuildBuilder } from './guild-builder';

let constructed: string[] = [];

class TagResolver extends DependencyResolver<string> {
  constructor() {
    super();
    constructed.push('tag');
  }
  resolve(): string {
    return 'tagged';
  }
}
resolverRegistry.register('PlacementTagResolver', TagResolver);

class PingAgent extends Agent {
  @processor('ping')
  async ping(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ from: this.id, pid: process.pid }, { format: 'pong' });
  }
}

class TaggedPingAgent extends Agent {
  @processor('ping', { dependsOn: ['tag'] })
  async ping(ctx: ProcessContext, deps: { tag: string }): Promise<void> {
    await ctx.sendDict({ from: this.id, tag: deps.tag }, { format: 'pong' });
  }
}

function builder(tagClass = 'PlacementTagResolver'): GuildBuilder {
  const agent = (cls: typeof PingAgent | typeof TaggedPingAgent, id: string) =>
    new AgentBuilder(cls).setId(id).setName(id).setDescription('answers pings').buildSpec();
  return new GuildBuilder({ id: 'placed' })
    .setName('placed')
    .setDescription('agents in several processes')
    .addDependencyResolver('tag', { className: tagClass })
    .addAgentSpec(agent(PingAgent, 'a'))
    .addAgentSpec(agent(TaggedPingAgent, 'b'));
}

describe('GuildBuilder.launch(org, { agents }): placement', () => {
  const guilds: Guild[] = [];
  beforeEach(() => {
    constructed = [];
  });
  afterEach(async () => {
    await Promise.all(guilds.splice(0).map((g) => g.shutdown()));
  });

  it('should host only the named agents, while the spec still describes the whole guild', async () => {
    const guild = await builder().launch('org', { agents: ['a'] });
    guilds.push(guild);
    expect(guild.listHostedAgents().map((a) => a.id)).toEqual(['a']);
    expect(guild.agentCount).toBe(1);
    expect(guild.listAgents().map((a) => a.id)).toEqual(['a', 'b']);
    expect(guild.spec.agents.map((a) => a.id)).toEqual(['a', 'b']);
    expect(guild.getAgent('b')?.className).toBe('TaggedPingAgent');
    expect(guild.getAgentInstance('b')).toBeUndefined();
    const error = await rejectionOf(guild.removeAgent('b'));
    expect(error.message).toBe(
      'Agent "b" of guild "placed" runs in another process; remove it there. Agents hosted here: a.',
    );
    expect(constructed).toEqual([]);
  });

  it('should refuse an unknown agent id, naming the agents the guild has', async () => {
    const error = await rejectionOf(builder().launch('org', { agents: ['a', 'nope', 'zz'] }));
    expect([error.code, error.message]).toEqual([
      'AGENT_NOT_FOUND',
      'Cannot host "nope", "zz": not an agent of guild "placed". Its agents: a, b.',
    ]);
  });

  it('should answer every request when the agents are split over two processes on one bus', async () => {
    const bus = new InMemoryMessageBus();
    const hostA = await builder().launch('org', { bus, agents: ['a'] });
    const hostB = await builder().launch('org', { bus, agents: ['b'] });
    const client = await builder().launch('org', { bus, agents: [] });
    guilds.push(client, hostA, hostB);
    expect(client.agentCount).toBe(0);
    const probe = await ProbeAgent.join(client);
    await probe.publish({ format: 'ping', payload: {} });
    const replies = await probe.waitForMessages(2);
    expect(replies.map((m) => m.payload['from']).sort()).toEqual(['a', 'b']);
    expect(replies.find((m) => m.payload['from'] === 'b')?.payload['tag']).toBe('tagged');
    await client.idle();
    expect(probe.messages).toHaveLength(2);
  });

  it('should load only the resolvers of hosted agents, so a client needs none of them', async () => {
    const missing = builder('NoSuchResolverAnywhere');
    const client = await missing.launch('org', { agents: [] });
    const hostA = await missing.launch('org', { agents: ['a'] });
    guilds.push(client, hostA);
    expect(client.listAgents()).toHaveLength(2);
    const error = await rejectionOf(missing.launch('org', { agents: ['b'] }));
    expect(error.message).toContain('Dependency "tag" of guild "placed"');
    expect(error.message).toContain('NoSuchResolverAnywhere');
  });
});
