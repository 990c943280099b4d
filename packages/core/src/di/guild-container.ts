import { Container } from 'inversify';
import { GuildError } from '../errors/guild-error';
import { describeThrown } from '../faults/describe-thrown';
import { type JsonObject } from '../messaging/json';
import {
  attachLifecycle,
  type DependencyResolver,
  type ResolverClass,
} from './dependency-resolver';
import { type DependencySpec } from './dependency-spec';
import { closeAll } from './close-all';
import { ResolverLifecycle } from './resolver-lifecycle';
import { GUILD_ID_TOKEN, ORG_ID_TOKEN, resolverToken } from './tokens';

/** Where a container finds resolver classes by name (the guild passes `resolverRegistry`). */
export interface ResolverClassSource {
  resolve(name: string, options?: { basePath?: string }): Promise<ResolverClass>;
}

export interface DependencyScope {
  orgId: string;
  guildId: string;
  /** Where errors point the user ("guild \"g\"", "agent \"a\" of guild \"g\""). */
  owner: string;
  basePath?: string;
  /**
   * The keys this process's agents use. A key outside it whose class fails to load does not
   * fail the launch: using it throws that error instead (agents hosted elsewhere need it,
   * e.g. a Python resolver in a client-only process). Default: every key is required.
   */
  required?: ReadonlySet<string>;
}

export interface DisposeOptions {
  /** Longest wait for all `close()`/`dispose()` calls together (ms); default: no limit. */
  timeoutMs?: number | null;
}

type ConcreteResolverClass = new (properties: JsonObject) => DependencyResolver;

/** A resolver class, or why it could not be loaded (for a key not required here). */
type Loaded = [string, ResolverClass | GuildError, JsonObject];

async function resolveClasses(
  map: Record<string, DependencySpec>,
  scope: DependencyScope,
  classes: ResolverClassSource,
): Promise<Loaded[]> {
  const { required } = scope;
  return Promise.all(
    Object.entries(map).map(async ([key, spec]): Promise<Loaded> => {
      try {
        const options = scope.basePath === undefined ? {} : { basePath: scope.basePath };
        return [key, await classes.resolve(spec.className, options), spec.properties ?? {}];
      } catch (error) {
        if (!GuildError.is(error)) throw error;
        const wrapped = new GuildError(
          error.code,
          `Dependency "${key}" of ${scope.owner}: ${error.message}`,
          {
            cause: error,
            details: { ...error.details, key },
          },
        );
        if (required === undefined || required.has(key)) throw wrapped;
        return [key, wrapped, spec.properties ?? {}];
      }
    }),
  );
}

/**
 * One inversify container per guild (and a child per agent with its own `dependency_map`):
 * a singleton resolver per key, built as `new ResolverClass(properties)` on first use. The
 * container owns each resolver's lifecycle (`ResolverLifecycle`: the injector that lets
 * `inject()` see the same merged map, the memo, the values handed out) and ends it in
 * `dispose()`, closing those values, then the resolvers.
 */
export class DependencyContainer {
  /** The resolvers this container made, with the lifecycle it keeps for each. */
  private readonly created = new Map<DependencyResolver, ResolverLifecycle>();
  private readonly children: DependencyContainer[] = [];

  private constructor(
    private readonly container: Container,
    private readonly scope: DependencyScope,
    private readonly classes: ResolverClassSource,
  ) {}

  /**
   * Resolves every class of the map through `classes` (e.g. `resolverRegistry`, which loads
   * `package#Export` modules) and binds them.
   */
  static async create(
    map: Record<string, DependencySpec>,
    scope: DependencyScope,
    classes: ResolverClassSource,
  ): Promise<DependencyContainer> {
    const container = new Container();
    container.bind(ORG_ID_TOKEN).toConstantValue(scope.orgId);
    container.bind(GUILD_ID_TOKEN).toConstantValue(scope.guildId);
    const result = new DependencyContainer(container, scope, classes);
    result.bindAll(await resolveClasses(map, scope, classes));
    return result;
  }

  /** A child container whose own map overrides this one's keys. */
  async child(
    map: Record<string, DependencySpec>,
    scope: DependencyScope,
  ): Promise<DependencyContainer> {
    const child = new DependencyContainer(
      new Container({ parent: this.container }),
      scope,
      this.classes,
    );
    child.bindAll(await resolveClasses(map, scope, this.classes));
    this.children.push(child);
    return child;
  }

  has(key: string): boolean {
    return this.container.isBound(resolverToken(key));
  }

  /** The resolver for a key; its constructor runs on first call. */
  get(key: string): DependencyResolver {
    if (!this.has(key)) {
      throw new GuildError(
        'DEPENDENCY_NOT_FOUND',
        `Dependency "${key}" not found for ${this.scope.owner}. Add it to the guild's or the agent's dependency_map.`,
        { details: { key } },
      );
    }
    return this.container.get<DependencyResolver>(resolverToken(key));
  }

  /**
   * Closes (`close()`, else `dispose()`) every value the resolvers of this container and its
   * children handed out, all at once, then the resolvers themselves. Returns the failures
   * instead of throwing; a close still running at `timeoutMs` is reported and left behind.
   */
  async dispose(options: DisposeOptions = {}): Promise<unknown[]> {
    const timeoutMs = options.timeoutMs ?? null;
    const until = timeoutMs === null ? null : Date.now() + timeoutMs;
    const ended = this.takeResolvers();
    const resolvers = ended.map(([resolver]) => resolver);
    const values = [...new Set(ended.flatMap(([, lifecycle]) => lifecycle.end()))].filter(
      (value) => !resolvers.includes(value as DependencyResolver),
    );
    const errors = await closeAll(values, until);
    errors.push(...(await closeAll(resolvers, until)));
    return errors;
  }

  private takeResolvers(): [DependencyResolver, ResolverLifecycle][] {
    const resolvers = this.children.splice(0).flatMap((child) => child.takeResolvers());
    resolvers.push(...this.created);
    this.created.clear();
    this.container.unbindAll();
    return resolvers;
  }

  private bindAll(entries: Loaded[]): void {
    for (const [key, ctor, properties] of entries) {
      this.container
        .bind<DependencyResolver>(resolverToken(key))
        .toDynamicValue(() => {
          if (GuildError.is(ctor)) throw ctor;
          return this.construct(key, ctor as unknown as ConcreteResolverClass, properties);
        })
        .inSingletonScope();
    }
  }

  private construct(
    key: string,
    Ctor: ConcreteResolverClass,
    properties: JsonObject,
  ): DependencyResolver {
    let resolver: DependencyResolver;
    try {
      resolver = new Ctor(properties);
    } catch (error) {
      throw new GuildError(
        'DEPENDENCY_INVALID',
        `Dependency "${key}" of ${this.scope.owner}: ${Ctor.name} constructor failed: ${describeThrown(error).message}`,
        { cause: error, details: { key, className: Ctor.name } },
      );
    }
    const lifecycle = new ResolverLifecycle((name) => this.get(name));
    attachLifecycle(resolver, lifecycle);
    this.created.set(resolver, lifecycle);
    return resolver;
  }
}
