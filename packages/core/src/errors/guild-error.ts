import { GuildkitError, type GuildkitErrorOptions } from './guildkit-error';

const brand = Symbol.for('@guildkit/core/GuildError');

/** Every error code `@guildkit/core` raises. */
export type GuildErrorCode =
  | 'DEPENDENCY_NOT_FOUND'
  | 'DEPENDENCY_INVALID'
  | 'RESOLVER_NOT_FOUND'
  | 'AGENT_CLASS_NOT_FOUND'
  | 'AGENT_NOT_FOUND'
  | 'AGENT_EXISTS'
  | 'SPEC_INVALID'
  | 'PAYLOAD_INVALID'
  | 'BUS_CLOSED'
  | 'GUILD_SHUT_DOWN'
  | 'TIMEOUT'
  | 'CLASS_NOT_FOUND'
  | 'CLASS_INVALID'
  | 'MODULE_LOAD_FAILED'
  | 'REGISTRY_CONFLICT'
  | 'DEPENDENCY_RESOLUTION_FAILED'
  | 'DEPENDENCY_SPEC_INVALID'
  | 'PROCESSOR_INVALID'
  | 'MESSAGE_INVALID'
  | 'ID_INVALID'
  | 'AGENT_START_FAILED'
  | 'SHUTDOWN_FAILED'
  | 'STATE_VERSION_CONFLICT'
  | 'STATE_UPDATE_INVALID'
  | 'MACHINE_IDS_EXHAUSTED'
  | 'JEST_UNAVAILABLE';

export type GuildErrorOptions = GuildkitErrorOptions;

/**
 * The one error base of `@guildkit/core` (a `GuildkitError`). `code` is stable and
 * machine-readable, `details` is JSON-safe, and the message says how to fix the problem.
 *
 * @example
 * try { await builder.launch('org'); } catch (e) {
 *   if (GuildError.is(e, 'DEPENDENCY_NOT_FOUND')) console.error(e.details);
 * }
 */
export class GuildError extends GuildkitError<GuildErrorCode> {
  readonly [brand] = true;

  constructor(code: GuildErrorCode, message: string, options: GuildErrorOptions = {}) {
    super(code, message, options);
    this.name = 'GuildError';
  }

  /** True for a `GuildError` (from any copy of the package), optionally of the given code. */
  static override is(value: unknown, code?: GuildErrorCode): value is GuildError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as GuildError).code === code)
    );
  }
}
