import { Agent } from '../agent/agent';
import { isAgentClass, type AgentClass } from '../agent/agent-class';
import { DependencyResolver, isResolverClass, type ResolverClass } from '../di/dependency-resolver';
import { errorOf, rejectionOf } from '../__tests__/capture-error';
import { GuildError } from '../errors/guild-error';
import { resolve } from 'node:path';
import { ProbeAgent } from '../testing/probe-agent';
import { FixtureResolver } from './__tests__/fixture-exports';
import { agentRegistry } from './agent-registry';
import { ClassRegistry } from './class-registry';
import { resolverRegistry } from './resolver-registry';

class AResolver extends DependencyResolver<string> {
  resolve(): string {
    return 'a';
  }
}
class BResolver extends DependencyResolver<string> {
  resolve(): string {
    return 'b';
  }
}

function registry(): ClassRegistry<ResolverClass> {
  return new ClassRegistry<ResolverClass>({
    kind: 'dependency resolver class',
    notFoundCode: 'RESOLVER_NOT_FOUND',
    accepts: isResolverClass,
  });
}

describe(ClassRegistry, () => {
  it('should resolve registered names and aliases', async () => {
    const r = registry().register('AResolver', AResolver, { aliases: ['rustic_ai.x.AResolver'] });
    expect(await r.resolve('AResolver')).toBe(AResolver);
    expect(await r.resolve('rustic_ai.x.AResolver')).toBe(AResolver);
    expect(r.has('rustic_ai.x.AResolver')).toBe(true);
    expect(r.knownNames()).toEqual(['AResolver', 'rustic_ai.x.AResolver']);
    expect(r.nameOf(AResolver)).toBe('AResolver');
  });

  it('should bind the lazy aliases of a name when its class is registered', async () => {
    const r = registry().registerLazy('AResolver', 'some-pkg#AResolver', {
      aliases: ['rustic_ai.x.AResolver', 'rustic_ai.x.a.AResolver'],
    });
    r.registerLazy('BResolver', 'some-pkg#BResolver', { aliases: ['rustic_ai.x.BResolver'] });
    r.register('AResolver', AResolver);
    expect(await r.resolve('rustic_ai.x.AResolver')).toBe(AResolver);
    expect(r.peek('rustic_ai.x.a.AResolver')).toBe(AResolver);
    expect(r.peek('rustic_ai.x.BResolver')).toBeUndefined();
  });

  it('should accept re-registering the same class and refuse a different class under a taken name', () => {
    const r = registry().register('AResolver', AResolver);
    expect(() => r.register('AResolver', AResolver)).not.toThrow();
    expect(errorOf(() => r.register('AResolver', BResolver)).code).toBe('REGISTRY_CONFLICT');
  });

  it('should refuse a class of the wrong kind', () => {
    expect(() => registry().register('Nope', class Nope {} as unknown as ResolverClass)).toThrow(
      'Cannot register "Nope": it is not a dependency resolver class.',
    );
  });

  it('should list known names and the closest one for an unknown name', async () => {
    const r = registry().register('AResolver', AResolver).register('BResolver', BResolver);
    const error = await r.resolve('AResolvr').catch((e: unknown) => e);
    expect(GuildError.is(error, 'RESOLVER_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe(
      'Unknown dependency resolver class "AResolvr". Did you mean "AResolver"? Known names: AResolver, BResolver. ' +
        'Register the class, or name it as "package#Export".',
    );
    expect((error as GuildError).details).toEqual({
      name: 'AResolvr',
      known: ['AResolver', 'BResolver'],
      closest: 'AResolver',
    });
  });

  it('should load a relative "file#Export" from basePath', async () => {
    const r = registry();
    const loaded = await r.resolve('./__tests__/fixture-exports#FixtureResolver', {
      basePath: __dirname,
    });
    expect(loaded).toBe(FixtureResolver);
    expect(await r.resolve('./__tests__/fixture-exports#', { basePath: __dirname })).toBe(
      FixtureResolver,
    );
  });

  it('should load lazy aliases on first use', async () => {
    const r = registry().registerLazy('Fixture', './__tests__/fixture-exports#FixtureResolver', {
      aliases: ['up.Fixture'],
    });
    expect(r.has('up.Fixture')).toBe(true);
    expect(await r.resolve('up.Fixture', { basePath: __dirname })).toBe(FixtureResolver);
  });

  it('should name the missing export and list the module exports', async () => {
    const error = await registry()
      .resolve('./__tests__/fixture-exports#Missing', { basePath: __dirname })
      .catch((e: unknown) => e);
    expect(GuildError.is(error, 'CLASS_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(
      /has no export "Missing".*Its exports: FixtureAgent, FixtureResolver, default, notAClass\./,
    );
  });

  it('should fail clearly for a module that cannot be found', async () => {
    const error = await registry()
      .resolve('@guildkit/does-not-exist#X', { basePath: __dirname })
      .catch((e: unknown) => e);
    expect(GuildError.is(error, 'MODULE_LOAD_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(
      /^Cannot load module "@guildkit\/does-not-exist" for "@guildkit\/does-not-exist#X"/,
    );
  });

  it('should refuse an export of the wrong kind', async () => {
    const wrongKind = await rejectionOf(
      registry().resolve('./__tests__/fixture-exports#FixtureAgent', { basePath: __dirname }),
    );
    expect(wrongKind.code).toBe('CLASS_INVALID');
    await expect(
      registry().resolve('eventemitter3#EventEmitter', { basePath: __dirname }),
    ).rejects.toThrow(/is not a dependency resolver class/);
  });
});

describe('the shared registries', () => {
  it('should name no plugin package: core registers no resolver of its own', () => {
    expect(resolverRegistry.knownNames()).toEqual([]);
  });

  it('should hold agent classes only', async () => {
    class SomeAgent extends Agent {}
    agentRegistry.register('SomeAgent', SomeAgent);
    expect(await agentRegistry.resolve('SomeAgent')).toBe(SomeAgent);
    expect(isAgentClass(SomeAgent)).toBe(true);
    expect(() => agentRegistry.register('Bad', AResolver as unknown as AgentClass)).toThrow(
      'Cannot register "Bad": it is not an agent class.',
    );
  });

  it('should load a workspace package export through the @guildkit/source condition', async () => {
    const examples = resolve(__dirname, '../../../../examples');
    expect(await agentRegistry.resolve('@guildkit/core#ProbeAgent', { basePath: examples })).toBe(
      ProbeAgent,
    );
  });
});
