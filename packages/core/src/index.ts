import 'reflect-metadata';

export type { JsonObject, JsonValue } from './messaging/json';
export type { GuildErrorCode, GuildErrorOptions } from './errors/guild-error';
export type { DependencySpec } from './di/dependency-spec';
export type { AgentSpec, GuildSpec, RoutingSlip } from './guild/guild-spec';

export { GuildError } from './errors/guild-error';
export { GUILD_GLOBAL, ORG_GLOBAL } from './di/dependency-spec';
export { DependencyResolver } from './di/dependency-resolver';
