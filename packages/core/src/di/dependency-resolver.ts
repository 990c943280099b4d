import { GuildError } from '../errors/guild-error';
import { type ObjectSchema } from '../schema/schema-node';
import { GUILD_GLOBAL, ORG_GLOBAL } from './dependency-spec';
import { disposeValue, isDisposable } from './dispose-value';

const resolverBrand = Symbol.for('@guildkit/core/DependencyResolver');

/** Looks up another resolver of the same (merged) dependency map by key. */
export type Injector = (name: string) => DependencyResolver;

interface ResolverState {
  cache: Map<string, Promise<unknown>>;
  unmemoized: Set<unknown>;
  injector?: Injector;
}

const states = new WeakMap<DependencyResolver, ResolverState>();

function stateOf(resolver: DependencyResolver): ResolverState {
  let state = states.get(resolver);
  if (state === undefined) {
    state = { cache: new Map(), unmemoized: new Set() };
    states.set(resolver, state);
  }
  return state;
}

/**
 * Base class of every dependency a guild spec can name in its `dependency_map`.
 * Subclasses take their spec `properties` as the single constructor argument and implement
 * `resolve`; results are memoized per `org:guild:agent` unless `memoizeResolution` is false.
 * At guild shutdown every resolved value with `close()`/`dispose()` is closed, then the
 * resolver's own `close()`, if it has one.
 *
 * @example
 * class GreeterResolver extends DependencyResolver<string> {
 *   constructor(private readonly props: { greeting?: string } = {}) { super(); }
 *   resolve(orgId: string, guildId: string, agentId: string) {
 *     return `${this.props.greeting ?? 'hello'} ${agentId}`;
 *   }
 * }
 */
export abstract class DependencyResolver<T = unknown> {
  /**
   * The schema of the `properties` this resolver takes, in Guildkit's schema language; declare
   * it to have them validated by `guildkit validate` and described in the JSON Schema.
   *
   * @example
   * static override readonly propertySchema: ObjectSchema = {
   *   type: 'object',
   *   additionalProperties: false,
   *   properties: { greeting: { type: 'string' } },
   * };
   */
  static readonly propertySchema: ObjectSchema | undefined = undefined;

  /** When false, `resolve` runs on every lookup instead of once per scope key. */
  protected memoizeResolution = true;

  abstract resolve(orgId: string, guildId: string, agentId: string): T | Promise<T>;

  /**
   * Resolves for a scope: without `guildId` the org scope (`ORG_GLOBAL`), without `agentId`
   * the guild scope (`GUILD_GLOBAL`).
   */
  getOrResolve(orgId: string, guildId?: string, agentId?: string): Promise<T> {
    const guild = guildId ?? ORG_GLOBAL;
    const agent = guildId === undefined ? ORG_GLOBAL : (agentId ?? GUILD_GLOBAL);
    const state = stateOf(this);
    if (!this.memoizeResolution) {
      return Promise.resolve()
        .then(() => this.resolve(orgId, guild, agent))
        .then((value) => {
          if (isDisposable(value)) state.unmemoized.add(value);
          return value;
        });
    }
    const key = `${orgId}:${guild}:${agent}`;
    let value = state.cache.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = Promise.resolve().then(() => this.resolve(orgId, guild, agent));
      state.cache.set(key, value);
      value.catch(() => state.cache.delete(key));
    }
    return value;
  }

  /**
   * Resolves another dependency of the same guild (or agent) dependency map, e.g. a cache
   * resolver pulling the `filesystem` dependency. Fails with `DEPENDENCY_NOT_FOUND` when the
   * map has no such key.
   *
   * @example
   * async resolve(orgId: string, guildId: string, agentId: string) {
   *   const fs = await this.inject<FileSystem>('filesystem', orgId, guildId, agentId);
   *   return new Cache(fs);
   * }
   */
  // eslint-disable-next-line max-params -- upstream's inject(name, org, guild, agent) signature
  async inject<D>(name: string, orgId: string, guildId?: string, agentId?: string): Promise<D> {
    const injector = stateOf(this).injector;
    if (injector === undefined) {
      throw new GuildError(
        'DEPENDENCY_NOT_FOUND',
        `Cannot inject "${name}": ${this.constructor.name} was not created by a guild, so it has no dependency map.`,
        { details: { name } },
      );
    }
    return (await injector(name).getOrResolve(orgId, guildId, agentId)) as D;
  }

  /** Values resolved so far (memoized ones only), e.g. for disposal. */
  protected async resolvedValues(): Promise<T[]> {
    const settled = await Promise.allSettled(stateOf(this).cache.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value as T] : []));
  }
}

Object.defineProperty(DependencyResolver.prototype, resolverBrand, { value: true });

/** True for a `DependencyResolver` subclass (from any copy of the package). */
export function isResolverClass(value: unknown): value is ResolverClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<symbol, unknown> }).prototype;
  return prototype?.[resolverBrand] === true;
}

/**
 * A concrete resolver class: constructed with the spec's `properties` object. It may declare the
 * schema of those properties once, as `static propertySchema`: `guildkit validate`, the published
 * JSON Schema and the resolver itself then check them with the same rules.
 */
export type ResolverClass = (abstract new (properties: never) => DependencyResolver) & {
  readonly propertySchema?: ObjectSchema | undefined;
};

/** @internal Lets a resolver `inject` from the container that created it. */
export function setInjector(resolver: DependencyResolver, injector: Injector): void {
  stateOf(resolver).injector = injector;
}

/**
 * @internal Closes every value the resolver handed out (memoized or not) that has
 * `close()`/`dispose()`, skipping values in `seen`, then the resolver's own `close()`.
 * Returns the errors instead of throwing, so disposal always runs to the end.
 */
export async function disposeResolver(
  resolver: DependencyResolver,
  seen: Set<unknown>,
): Promise<unknown[]> {
  const state = stateOf(resolver);
  const settled = await Promise.allSettled(state.cache.values());
  const values = [
    ...settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    ...state.unmemoized,
  ];
  state.cache.clear();
  state.unmemoized.clear();
  const errors: unknown[] = [];
  for (const value of values) {
    if (seen.has(value) || value === resolver) continue;
    seen.add(value);
    await disposeValue(value).catch((error: unknown) => errors.push(error));
  }
  if (!seen.has(resolver)) {
    seen.add(resolver);
    await disposeValue(resolver).catch((error: unknown) => errors.push(error));
  }
  return errors;
}
