import { GuildError } from '../errors/guild-error';
import { checkTimeout, withDeadline } from '../faults/deadline';
import { type ObjectSchema } from '../schema/schema-node';
import { GUILD_GLOBAL, ORG_GLOBAL } from './dependency-spec';
import { ResolverLifecycle } from './resolver-lifecycle';

const resolverBrand = Symbol.for('@guildkit/core/DependencyResolver');

/** How long `resolve` may take by default before the request gets `DEPENDENCY_RESOLUTION_TIMEOUT`. */
export const DEFAULT_RESOLVE_TIMEOUT_MS = 120_000;

/** Where a resolver keeps its lifecycle (shared by every copy of the package). */
const LIFECYCLE = Symbol.for('@guildkit/core/DependencyResolver.lifecycle');

type WithLifecycle = Partial<Record<typeof LIFECYCLE, ResolverLifecycle>>;

/** The resolver's lifecycle: the one its container attached, else its own (a standalone resolver). */
function lifecycleOf(resolver: DependencyResolver): ResolverLifecycle {
  const holder = resolver as unknown as WithLifecycle;
  let lifecycle = holder[LIFECYCLE];
  if (lifecycle === undefined) {
    lifecycle = new ResolverLifecycle();
    attachLifecycle(resolver, lifecycle);
  }
  return lifecycle;
}

/**
 * Base class of every dependency a guild spec can name in its `dependency_map`.
 * Subclasses take their spec `properties` as the single constructor argument and implement
 * `resolve`; results are memoized per `org:guild:agent` unless `memoizeResolution` is false.
 * At guild shutdown every resolved value with `close()`/`dispose()` is closed, then the
 * resolver's own `close()`, if it has one. A `resolve` that takes longer than
 * `resolveTimeoutMs` (default 120 s) fails the request with `DEPENDENCY_RESOLUTION_TIMEOUT`;
 * a value it delivers later is closed at once.
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

  /**
   * Longest one `resolve` call may take (ms) before the request that needed it is answered with
   * `DEPENDENCY_RESOLUTION_TIMEOUT`; `0` or `null`: no limit. A failed or timed-out resolution is
   * not memoized: the next request tries again.
   */
  protected resolveTimeoutMs: number | null = DEFAULT_RESOLVE_TIMEOUT_MS;

  abstract resolve(orgId: string, guildId: string, agentId: string): T | Promise<T>;

  /**
   * Resolves for a scope: without `guildId` the org scope (`ORG_GLOBAL`), without `agentId`
   * the guild scope (`GUILD_GLOBAL`).
   */
  getOrResolve(orgId: string, guildId?: string, agentId?: string): Promise<T> {
    const guild = guildId ?? ORG_GLOBAL;
    const agent = guildId === undefined ? ORG_GLOBAL : (agentId ?? GUILD_GLOBAL);
    if (!this.memoizeResolution) return this.resolveInTime([orgId, guild, agent]);
    const { memo } = lifecycleOf(this);
    const key = `${orgId}:${guild}:${agent}`;
    let value = memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = this.resolveInTime([orgId, guild, agent]);
      memo.set(key, value);
      value.catch(() => {
        if (memo.get(key) === value) memo.delete(key);
      });
    }
    return value;
  }

  /** One `resolve` call under `resolveTimeoutMs`, its value recorded for disposal. */
  private resolveInTime(scope: [string, string, string]): Promise<T> {
    const lifecycle = lifecycleOf(this);
    const name = this.constructor.name;
    let late = false;
    const started = Promise.resolve().then(() => {
      const limit = checkTimeout(this.resolveTimeoutMs, `resolveTimeoutMs of ${name}`);
      const running = Promise.resolve(this.resolve(...scope));
      running.then(
        (value) => {
          lifecycle.adopt(value, late);
        },
        () => undefined,
      );
      const deadline = withDeadline(running, limit, () => {
        late = true;
        return new GuildError(
          'TIMEOUT',
          `${name}.resolve(${scope.map((s) => JSON.stringify(s)).join(', ')}) did not finish within ${limit} ms. ` +
            "Raise or disable the limit with the resolver's resolveTimeoutMs.",
          { details: { deadline: 'dependency_resolution', resolver: name, timeoutMs: limit } },
        );
      });
      lifecycle.watch(deadline.clear, deadline.promise);
      return deadline.promise;
    });
    return started;
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
    const injector = lifecycleOf(this).injector;
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
    const settled = await Promise.allSettled(lifecycleOf(this).memo.values());
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

/**
 * @internal Gives a resolver the lifecycle its container keeps (injector, memo, values to
 * close); the container ends it at disposal.
 */
export function attachLifecycle(resolver: DependencyResolver, lifecycle: ResolverLifecycle): void {
  Object.defineProperty(resolver, LIFECYCLE, { value: lifecycle, configurable: true });
}
