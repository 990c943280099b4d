import { errorOf } from '../__tests__/capture-error';
import { GuildError } from '../errors/guild-error';
import { resolverRegistry } from '../registry/resolver-registry';
import { DependencyResolver } from './dependency-resolver';
import { DependencyContainer } from './guild-container';

const events: string[] = [];

class Connection {
  constructor(readonly label: string) {}
  async close(): Promise<void> {
    await Promise.resolve();
    events.push(`close:${this.label}`);
  }
}

class Handle {
  constructor(readonly label: string) {}
  dispose(): void {
    events.push(`dispose:${this.label}`);
  }
}

class ConnectionResolver extends DependencyResolver<Connection> {
  constructor(private readonly props: { name?: string } = {}) {
    super();
  }
  resolve(_org: string, _guild: string, agentId: string): Connection {
    return new Connection(`${this.props.name ?? 'conn'}:${agentId}`);
  }
  close(): void {
    events.push(`resolver:${this.props.name ?? 'conn'}`);
  }
}

class HandleResolver extends DependencyResolver<Handle> {
  protected override memoizeResolution = false;
  private made = 0;
  resolve(): Handle {
    this.made += 1;
    return new Handle(`h${this.made}`);
  }
}

class CacheResolver extends DependencyResolver<string> {
  async resolve(orgId: string, guildId: string, agentId: string): Promise<string> {
    const connection = await this.inject<Connection>('db', orgId, guildId, agentId);
    return `cache over ${connection.label}`;
  }
}

class ExplodingResolver extends DependencyResolver<string> {
  constructor() {
    super();
    throw new Error('bad properties');
  }
  resolve(): string {
    return '';
  }
}

resolverRegistry
  .register('ConnectionResolver', ConnectionResolver)
  .register('HandleResolver', HandleResolver)
  .register('CacheResolver', CacheResolver)
  .register('ExplodingResolver', ExplodingResolver);

const scope = { orgId: 'o', guildId: 'g', owner: 'guild "g"' };

describe(DependencyContainer, () => {
  beforeEach(() => {
    events.length = 0;
  });

  it('should keep one resolver per key and build it with the properties object', async () => {
    const container = await DependencyContainer.create(
      { db: { className: 'ConnectionResolver', properties: { name: 'main' } } },
      scope,
      resolverRegistry,
    );
    const resolver = container.get('db');
    expect(container.get('db')).toBe(resolver);
    expect(((await resolver.getOrResolve('o', 'g', 'a')) as Connection).label).toBe('main:a');
    await container.dispose();
  });

  it('should let a resolver inject another dependency of the same map', async () => {
    const container = await DependencyContainer.create(
      { db: { className: 'ConnectionResolver' }, cache: { className: 'CacheResolver' } },
      scope,
      resolverRegistry,
    );
    expect(await container.get('cache').getOrResolve('o', 'g', 'a1')).toBe('cache over conn:a1');
    await container.dispose();
  });

  it('should resolve agent overrides in a child and fall back to the parent', async () => {
    const guild = await DependencyContainer.create(
      {
        db: { className: 'ConnectionResolver', properties: { name: 'guild' } },
        cache: { className: 'CacheResolver' },
      },
      scope,
      resolverRegistry,
    );
    const agent = await guild.child(
      { db: { className: 'ConnectionResolver', properties: { name: 'agent' } } },
      { ...scope, owner: 'agent "a"' },
    );
    expect(agent.get('cache')).toBe(guild.get('cache'));
    expect(((await agent.get('db').getOrResolve('o', 'g', 'a')) as Connection).label).toBe(
      'agent:a',
    );
    expect(await guild.get('cache').getOrResolve('o', 'g', 'a')).toBe('cache over guild:a');
    await guild.dispose();
  });

  it('should fail with DEPENDENCY_NOT_FOUND for an unknown key, also from inject', async () => {
    const container = await DependencyContainer.create(
      { cache: { className: 'CacheResolver' } },
      scope,
      resolverRegistry,
    );
    expect(() => container.get('nope')).toThrow(/Dependency "nope" not found for guild "g"/);
    const error = await container
      .get('cache')
      .getOrResolve('o', 'g', 'a')
      .catch((e: unknown) => e);
    expect(GuildError.is(error, 'DEPENDENCY_NOT_FOUND')).toBe(true);
    await container.dispose();
  });

  it('should name the key when a resolver constructor throws', async () => {
    const container = await DependencyContainer.create(
      { bomb: { className: 'ExplodingResolver' } },
      scope,
      resolverRegistry,
    );
    const error = errorOf(() => container.get('bomb'));
    expect(error.code).toBe('DEPENDENCY_INVALID');
    expect(error.message).toBe(
      'Dependency "bomb" of guild "g": ExplodingResolver constructor failed: bad properties',
    );
    await container.dispose();
  });

  it('should close every resolved value (memoized or not) and the resolvers with close()', async () => {
    const container = await DependencyContainer.create(
      { db: { className: 'ConnectionResolver' }, handles: { className: 'HandleResolver' } },
      scope,
      resolverRegistry,
    );
    const child = await container.child(
      { db: { className: 'ConnectionResolver', properties: { name: 'own' } } },
      scope,
    );
    await container.get('db').getOrResolve('o', 'g', 'a');
    await container.get('db').getOrResolve('o', 'g', 'a');
    await container.get('db').getOrResolve('o', 'g');
    await container.get('handles').getOrResolve('o', 'g', 'a');
    await container.get('handles').getOrResolve('o', 'g', 'a');
    await child.get('db').getOrResolve('o', 'g', 'b');
    expect(await container.dispose()).toEqual([]);
    expect(events.sort()).toEqual(
      [
        'close:conn:a',
        'close:conn:GUILD_GLOBAL',
        'close:own:b',
        'dispose:h1',
        'dispose:h2',
        'resolver:conn',
        'resolver:own',
      ].sort(),
    );
  });

  it('should report disposal failures without stopping the others', async () => {
    class FailingClose {
      close(): never {
        throw new Error('close failed');
      }
    }
    class FailingResolver extends DependencyResolver<FailingClose> {
      resolve(): FailingClose {
        return new FailingClose();
      }
    }
    resolverRegistry.register('FailingResolver', FailingResolver);
    const container = await DependencyContainer.create(
      { f: { className: 'FailingResolver' }, db: { className: 'ConnectionResolver' } },
      scope,
      resolverRegistry,
    );
    await container.get('f').getOrResolve('o', 'g', 'a');
    await container.get('db').getOrResolve('o', 'g', 'a');
    const errors = await container.dispose();
    expect(errors.map((e) => (e as Error).message)).toEqual(['close failed']);
    expect(events).toContain('close:conn:a');
  });
});
