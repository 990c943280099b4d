import { GUILD_GLOBAL, ORG_GLOBAL } from './dependency-spec';

/**
 * Base class of every dependency a guild spec can name in its `dependency_map`.
 * Subclasses take their spec `properties` as the single constructor argument and implement
 * `resolve`; results are memoized per `org:guild:agent` unless `memoizeResolution` is false.
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
  /** When false, `resolve` runs on every lookup instead of once per scope key. */
  protected memoizeResolution = true;
  private readonly cache = new Map<string, Promise<T>>();

  abstract resolve(orgId: string, guildId: string, agentId: string): T | Promise<T>;

  /**
   * Resolves for a scope: without `guildId` the org scope (`ORG_GLOBAL`), without `agentId`
   * the guild scope (`GUILD_GLOBAL`).
   */
  getOrResolve(orgId: string, guildId?: string, agentId?: string): Promise<T> {
    const guild = guildId ?? ORG_GLOBAL;
    const agent = guildId === undefined ? ORG_GLOBAL : (agentId ?? GUILD_GLOBAL);
    if (!this.memoizeResolution) return Promise.resolve(this.resolve(orgId, guild, agent));
    const key = `${orgId}:${guild}:${agent}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      value = Promise.resolve().then(() => this.resolve(orgId, guild, agent));
      this.cache.set(key, value);
      value.catch(() => this.cache.delete(key));
    }
    return value;
  }

  /** Values resolved so far (memoized ones only), e.g. for disposal. */
  protected async resolvedValues(): Promise<T[]> {
    const settled = await Promise.allSettled(this.cache.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }
}
