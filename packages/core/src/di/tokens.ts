/** DI tokens of `@guildkit/core`, all namespaced `@guildkit/core/...`. */
export const ORG_ID_TOKEN = Symbol.for('@guildkit/core/di/orgId');
export const GUILD_ID_TOKEN = Symbol.for('@guildkit/core/di/guildId');

const RESOLVER_TOKEN_PREFIX = '@guildkit/core/di/resolver:';

/** The container binding of the resolver for one `dependency_map` key. */
export function resolverToken(key: string): symbol {
  return Symbol.for(`${RESOLVER_TOKEN_PREFIX}${key}`);
}
