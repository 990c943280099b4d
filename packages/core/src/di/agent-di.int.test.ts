import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { rejectionOf } from '../__tests__/capture-error';
import { GuildError } from '../errors/guild-error';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { JsonDict } from '../messaging/payload';
import { resolverRegistry } from '../registry/resolver-registry';
import { ProbeAgent } from '../testing/probe-agent';
import { agentDependency } from './agent-dependency';
import { DependencyResolver } from './dependency-resolver';

class FilepathDependencyResolver extends DependencyResolver<string> {
  constructor(private readonly props: { prefix?: string } = {}) {
    super();
  }
  resolve(_org: string, guildId: string, agentId: string): string {
    return `${this.props.prefix ?? ''}/filepath_${guildId}_${agentId}`;
  }
}

class SearchIndexDependencyResolver extends DependencyResolver<string> {
  resolve(_org: string, guildId: string, agentId: string): string {
    return `searchindex_${guildId}_${agentId}`;
  }
}

class ScopeTrackingResolver extends DependencyResolver<string> {
  constructor(private readonly props: { prefix?: string } = {}) {
    super();
  }
  resolve(orgId: string, guildId: string, agentId: string): string {
    return `${this.props.prefix ?? 'resource'}|org=${orgId}|guild=${guildId}|agent=${agentId}`;
  }
}

class Store {
  readonly data = new Map<string, number>();
}

class StoreResolver extends DependencyResolver<Store> {
  static made = 0;
  resolve(): Store {
    StoreResolver.made += 1;
    return new Store();
  }
}

resolverRegistry
  .register('FilepathDependencyResolver', FilepathDependencyResolver)
  .register('SearchIndexDependencyResolver', SearchIndexDependencyResolver)
  .register('ScopeTrackingResolver', ScopeTrackingResolver)
  .register('StoreResolver', StoreResolver);

class DemoAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['filepath', 'searchindex'] })
  async read(ctx: ProcessContext, deps: { filepath: string; searchindex: string }): Promise<void> {
    await ctx.sendDict({ filepath: deps.filepath, searchindex: deps.searchindex });
  }
}

class ScopesAgent extends Agent {
  @processor(JsonDict, { dependsOn: ['org_dep:org', 'guild_dep:guild', 'agent_dep'] })
  async read(ctx: ProcessContext, deps: Record<string, string>): Promise<void> {
    await ctx.sendDict({ ...deps });
  }
}

class BothFlagsAgent extends Agent {
  @processor(JsonDict, {
    dependsOn: [agentDependency({ dependencyKey: 'org_dep', guildLevel: true, orgLevel: true })],
  })
  async read(ctx: ProcessContext, deps: { org_dep: string }): Promise<void> {
    await ctx.sendDict({ org_dep: deps.org_dep });
  }
}

class StoreAgent extends Agent {
  @processor('store.put', { dependsOn: ['store:shared:guild', 'store:mine'] })
  async put(ctx: ProcessContext, deps: { shared: Store; mine: Store }): Promise<void> {
    deps.shared.data.set(this.id, (deps.shared.data.get(this.id) ?? 0) + 1);
    deps.mine.data.set(this.id, 1);
    await ctx.sendDict({ shared: deps.shared.data.size, mine: deps.mine.data.size });
  }
}

function agentSpec(
  cls: new () => Agent,
  id: string,
  configure?: (b: AgentBuilder) => AgentBuilder,
) {
  const builder = new AgentBuilder(cls).setId(id).setName(id).setDescription(`${id} agent`);
  return (configure?.(builder) ?? builder).buildSpec();
}

function scopeMap(): Record<string, { className: string; properties: JsonObject }> {
  return {
    org_dep: { className: 'ScopeTrackingResolver', properties: { prefix: 'org_resource' } },
    guild_dep: { className: 'ScopeTrackingResolver', properties: { prefix: 'guild_resource' } },
    agent_dep: { className: 'ScopeTrackingResolver', properties: { prefix: 'agent_resource' } },
  };
}

async function ask(guild: Guild): Promise<JsonObject> {
  const probe = await ProbeAgent.join(guild, { id: `probe-${guild.id}` });
  await probe.publish({ payload: { q: 1 } });
  const [reply] = await probe.waitForMessages(1);
  return reply?.payload ?? {};
}

describe('dependency injection into agents', () => {
  const guilds: Guild[] = [];
  afterEach(async () => {
    await Promise.all(guilds.splice(0).map((g) => g.shutdown()));
  });
  async function launch(builder: GuildBuilder, orgId = 'org-1'): Promise<Guild> {
    const guild = await builder.launch(orgId);
    guilds.push(guild);
    return guild;
  }

  it('should inject guild-map and builder-added resolvers (test_agent_di)', async () => {
    const builder = new GuildBuilder({ id: 'g1' })
      .setName('di')
      .setDescription('di guild')
      .setDependencyMap({ searchindex: { className: 'SearchIndexDependencyResolver' } })
      .addDependencyResolver('filepath', {
        className: 'FilepathDependencyResolver',
        properties: { prefix: 'rustic-files' },
      })
      .addAgentSpec(agentSpec(DemoAgent, 'demo'));
    expect(builder.buildSpec().dependencyMap).toEqual({
      searchindex: { className: 'SearchIndexDependencyResolver' },
      filepath: { className: 'FilepathDependencyResolver', properties: { prefix: 'rustic-files' } },
    });
    expect(await ask(await launch(builder))).toEqual({
      filepath: 'rustic-files/filepath_g1_demo',
      searchindex: 'searchindex_g1_demo',
    });
  });

  it('should resolve org, guild and agent scopes with the upstream ids (test_all_three_scopes_in_same_agent)', async () => {
    const guild = await launch(
      new GuildBuilder({ id: 'g1' })
        .setName('s')
        .setDescription('d')
        .setDependencyMap(scopeMap())
        .addAgentSpec(agentSpec(ScopesAgent, 'a1')),
    );
    expect(await ask(guild)).toEqual({
      org_dep: 'org_resource|org=org-1|guild=ORG_GLOBAL|agent=ORG_GLOBAL',
      guild_dep: 'guild_resource|org=org-1|guild=g1|agent=GUILD_GLOBAL',
      agent_dep: 'agent_resource|org=org-1|guild=g1|agent=a1',
    });
  });

  it('should share org-level values across guilds of one org and not across orgs', async () => {
    const make = (id: string) =>
      new GuildBuilder({ id })
        .setName(id)
        .setDescription('d')
        .setDependencyMap(scopeMap())
        .addAgentSpec(agentSpec(ScopesAgent, 'a1'));
    const first = await ask(await launch(make('g1')));
    const second = await ask(await launch(make('g2')));
    const otherOrg = await ask(await launch(make('g3'), 'org-2'));
    expect(first['org_dep']).toBe(second['org_dep']);
    expect(first['guild_dep']).not.toBe(second['guild_dep']);
    expect(otherOrg['org_dep']).toBe('org_resource|org=org-2|guild=ORG_GLOBAL|agent=ORG_GLOBAL');
  });

  it('should share one guild-scoped instance between all agents of the guild', async () => {
    StoreResolver.made = 0;
    const guild = await launch(
      new GuildBuilder()
        .setName('store')
        .setDescription('d')
        .addDependencyResolver('store', { className: 'StoreResolver' })
        .addAgentSpec(agentSpec(StoreAgent, 's1'))
        .addAgentSpec(agentSpec(StoreAgent, 's2')),
    );
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'store.put', payload: {} });
    await guild.idle();
    expect(
      probe.messages
        .map((m) => m.payload)
        .sort((a, b) => Number(a['shared']) - Number(b['shared'])),
    ).toEqual([
      { shared: 1, mine: 1 },
      { shared: 2, mine: 1 },
    ]);
    expect(StoreResolver.made).toBe(3);
  });

  it("should let an agent's dependency_map override the guild's", async () => {
    const guild = await launch(
      new GuildBuilder({ id: 'g1' })
        .setName('override')
        .setDescription('d')
        .setDependencyMap(scopeMap())
        .addAgentSpec(
          agentSpec(ScopesAgent, 'a1', (b) =>
            b.addDependencyResolver('agent_dep', {
              className: 'ScopeTrackingResolver',
              properties: { prefix: 'mine' },
            }),
          ),
        ),
    );
    expect((await ask(guild))['agent_dep']).toBe('mine|org=org-1|guild=g1|agent=a1');
  });

  it('should fail at launch, naming the agent and the key, when a dependency is missing', async () => {
    const launching = new GuildBuilder()
      .setName('missing')
      .setDescription('d')
      .addAgentSpec(agentSpec(DemoAgent, 'demo'))
      .launch('org-1');
    const error = await rejectionOf(launching);
    expect(error.code).toBe('DEPENDENCY_NOT_FOUND');
    expect(error.message).toBe(
      'Agent "demo" (demo) of guild "missing": dependency "filepath" is not in the agent\'s or the ' +
        'guild\'s dependency_map. Add "filepath" to one of them (e.g. GuildBuilder.addDependencyResolver("filepath", {...})).',
    );
    expect(error.details).toEqual({ agentId: 'demo', key: 'filepath' });
  });

  it('should fail at launch for an unknown resolver class, listing known names and the closest', async () => {
    const error = await new GuildBuilder()
      .setName('typo')
      .setDescription('d')
      .addDependencyResolver('store', { className: 'StoreResolvr' })
      .launch('org-1')
      .catch((e: unknown) => e);
    expect(GuildError.is(error, 'RESOLVER_NOT_FOUND')).toBe(true);
    expect((error as GuildError).message).toMatch(
      /^Dependency "store" of guild "typo": Unknown dependency resolver class "StoreResolvr"\. Did you mean "StoreResolver"\?/,
    );
    expect((error as GuildError).details['known']).toContain('StoreResolver');
  });

  it('should load additionalDependencies even when no processor declares them', async () => {
    const launching = new GuildBuilder()
      .setName('extra')
      .setDescription('d')
      .addAgentSpec(agentSpec(ProbeAgent, 'p', (b) => b.addAdditionalDependency('plugin_dep')))
      .launch('org-1');
    await expect(launching).rejects.toThrow(/dependency "plugin_dep" is not in/);
  });

  it('should resolve at org scope when both flags are set (test_org_level_takes_precedence_over_guild_level)', async () => {
    const guild = await launch(
      new GuildBuilder({ id: 'g1' })
        .setName('both')
        .setDescription('d')
        .setDependencyMap(scopeMap())
        .addAgentSpec(agentSpec(BothFlagsAgent, 'a1')),
    );
    expect(await ask(guild)).toEqual({
      org_dep: 'org_resource|org=org-1|guild=ORG_GLOBAL|agent=ORG_GLOBAL',
    });
  });
});
