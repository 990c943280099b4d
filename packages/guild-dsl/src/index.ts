export type { GuildSpecErrorCode, GuildSpecErrorOptions } from './errors/guild-spec-error';
export type { SourceLocation, SpecProblem, SpecProblemCode } from './validation/spec-problem';
export type { ValidateOptions, ValidationReport } from './validation/validate-guild-document';
export type { GuildSpecText, LoadedGuildSpec } from './loader/load-guild-spec';
export type { SchemaNode, ObjectSchema } from '@guildkit/core';
export type { GuildLoadOptions } from './builder/guild-builder';
export type { SpecLimits } from './loader/spec-limits';

export { GuildBuilder } from './builder/guild-builder';
export { GuildSpecError } from './errors/guild-spec-error';
export { formatProblem } from './validation/spec-problem';
export {
  loadGuildSpecFile,
  loadGuildSpecText,
  validateGuildSpecFile,
  validateGuildSpecText,
} from './loader/load-guild-spec';
export { guildSpecToYaml } from './loader/guild-spec-to-yaml';
export { guildSpecSchema } from './schema/guild-spec-schema';
export { resolverPropertySchemas } from './schema/resolver-property-schemas';
export { guildJsonSchema, GUILD_SPEC_SCHEMA_ID } from './schema/guild-json-schema';
export { SPEC_LIMITS } from './loader/spec-limits';
