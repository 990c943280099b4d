import { GuildError } from '../errors/guild-error';
import { DependencyResolver, isResolverClass } from './dependency-resolver';

class ScopeResolver extends DependencyResolver<string> {
  calls = 0;
  resolve(orgId: string, guildId: string, agentId: string): string {
    this.calls += 1;
    return `${orgId}|${guildId}|${agentId}`;
  }
}

class FreshResolver extends DependencyResolver<object> {
  protected override memoizeResolution = false;
  resolve(): object {
    return {};
  }
}

class FlakyResolver extends DependencyResolver<string> {
  attempts = 0;
  async resolve(): Promise<string> {
    this.attempts += 1;
    await Promise.resolve();
    if (this.attempts === 1) throw new Error('first attempt fails');
    return 'ok';
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

  it('should resolve concurrent first calls once', async () => {
    const resolver = new ScopeResolver();
    await Promise.all([resolver.getOrResolve('o', 'g', 'a'), resolver.getOrResolve('o', 'g', 'a')]);
    expect(resolver.calls).toBe(1);
  });

  it('should resolve every time when memoizeResolution is false', async () => {
    const resolver = new FreshResolver();
    expect(await resolver.getOrResolve('o', 'g', 'a')).not.toBe(
      await resolver.getOrResolve('o', 'g', 'a'),
    );
  });

  it('should not cache a failed resolution', async () => {
    const resolver = new FlakyResolver();
    await expect(resolver.getOrResolve('o', 'g', 'a')).rejects.toThrow('first attempt fails');
    expect(await resolver.getOrResolve('o', 'g', 'a')).toBe('ok');
  });

  it('should refuse inject() outside a guild with a clear error', async () => {
    const error = await new ScopeResolver().inject('db', 'o', 'g').catch((e: unknown) => e);
    expect(GuildError.is(error, 'DEPENDENCY_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe(
      'Cannot inject "db": ScopeResolver was not created by a guild, so it has no dependency map.',
    );
  });

  it('should recognise resolver classes and nothing else', () => {
    expect(isResolverClass(ScopeResolver)).toBe(true);
    expect(isResolverClass(class NotAResolver {})).toBe(false);
    expect(isResolverClass('ScopeResolver')).toBe(false);
  });
});
