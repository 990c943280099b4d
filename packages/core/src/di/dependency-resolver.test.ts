import { DependencyResolver } from './dependency-resolver';

class ScopeResolver extends DependencyResolver<string> {
  calls = 0;
  resolve(orgId: string, guildId: string, agentId: string): string {
    this.calls += 1;
    return `${orgId}|${guildId}|${agentId}`;
  }
}

describe(DependencyResolver, () => {
  it('should memoize per org:guild:agent and map missing ids to the global scopes', async () => {
    const resolver = new ScopeResolver();
    expect(await resolver.getOrResolve('o', 'g', 'a')).toBe('o|g|a');
    expect(await resolver.getOrResolve('o', 'g', 'a')).toBe('o|g|a');
    expect(await resolver.getOrResolve('o', 'g')).toBe('o|g|GUILD_GLOBAL');
    expect(await resolver.getOrResolve('o')).toBe('o|ORG_GLOBAL|ORG_GLOBAL');
    expect(resolver.calls).toBe(3);
  });
});
