import { Container } from 'inversify';
import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';
import { resolverRegistry } from '../registry/resolver-registry';
import {
  type DependencyResolver,
  disposeResolver,
  type ResolverClass,
  setInjector,
} from './dependency-resolver';
import { type DependencySpec } from './dependency-spec';
import { GUILD_ID_TOKEN, ORG_ID_TOKEN, resolverToken } from './tokens';

export interface DependencyScope {
  orgId: string;
  guildId: string;
  /** Where errors point the user ("guild \"g\"", "agent \"a\" of guild \"g\""). */
  owner: string;
  basePath?: string;
}

type ConcreteResolverClass = new (properties: JsonObject) => DependencyResolver;

async function resolveClasses(
  map: Record<string, DependencySpec>,
  scope: DependencyScope,
): Promise<[string, ResolverClass, JsonObject][]> {
  return Promise.all(
    Object.entries(map).map(async ([key, spec]): Promise<[string, ResolverClass, JsonObject]> => {
      try {
        const options = scope.basePath === undefined ? {} : { basePath: scope.basePath };
        return [
          key,
          await resolverRegistry.resolve(spec.className, options),
          spec.properties ?? {},
        ];
      } catch (error) {
        if (!GuildError.is(error)) throw error;
        throw new GuildError(
          error.code,
          `Dependency "${key}" of ${scope.owner}: ${error.message}`,
          {
            cause: error,
            details: { ...error.details, key },
          },
        );
      }
    }),
  );
}

/**
 * One inversify container per guild (and a child per agent with its own `dependency_map`):
 * a singleton resolver per key, built as `new ResolverClass(properties)` on first use and
 * wired so that `inject()` sees the same merged map.
 */
export class DependencyContainer {
  private readonly created: DependencyResolver[] = [];
  private readonly children: DependencyContainer[] = [];

  private constructor(
    private readonly container: Container,
    private readonly scope: DependencyScope,
  ) {}

  /** Resolves every class of the map (loading `package#Export` modules) and binds them. */
  static async create(
    map: Record<string, DependencySpec>,
    scope: DependencyScope,
  ): Promise<DependencyContainer> {
    const container = new Container();
    container.bind(ORG_ID_TOKEN).toConstantValue(scope.orgId);
    container.bind(GUILD_ID_TOKEN).toConstantValue(scope.guildId);
    const result = new DependencyContainer(container, scope);
    result.bindAll(await resolveClasses(map, scope));
    return result;
  }

  /** A child container whose own map overrides this one's keys. */
  async child(
    map: Record<string, DependencySpec>,
    scope: DependencyScope,
  ): Promise<DependencyContainer> {
    const child = new DependencyContainer(new Container({ parent: this.container }), scope);
    child.bindAll(await resolveClasses(map, scope));
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

  /** Disposes resolved values and resolvers made by this container (children first). */
  async dispose(seen = new Set<unknown>()): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const child of this.children.splice(0)) errors.push(...(await child.dispose(seen)));
    for (const resolver of this.created.splice(0))
      errors.push(...(await disposeResolver(resolver, seen)));
    this.container.unbindAll();
    return errors;
  }

  private bindAll(entries: [string, ResolverClass, JsonObject][]): void {
    for (const [key, ctor, properties] of entries) {
      this.container
        .bind<DependencyResolver>(resolverToken(key))
        .toDynamicValue(() =>
          this.construct(key, ctor as unknown as ConcreteResolverClass, properties),
        )
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
        `Dependency "${key}" of ${this.scope.owner}: ${Ctor.name} constructor failed: ${(error as Error).message}`,
        { cause: error, details: { key, className: Ctor.name } },
      );
    }
    setInjector(resolver, (name) => this.get(name));
    this.created.push(resolver);
    return resolver;
  }
}
