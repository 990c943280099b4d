import { type JsonObject } from '../messaging/json';

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
  | 'STATE_UPDATE_INVALID';

export interface GuildErrorOptions {
  cause?: unknown;
  details?: JsonObject;
}

/**
 * The one error base of `@guildkit/core`. `code` is stable and machine-readable, `details` is
 * JSON-safe, and the message says how to fix the problem.
 *
 * @example
 * try { await builder.launch('org'); } catch (e) {
 *   if (GuildError.is(e, 'DEPENDENCY_NOT_FOUND')) console.error(e.details);
 * }
 */
export class GuildError extends Error {
  readonly [brand] = true;
  readonly code: GuildErrorCode;
  readonly details: JsonObject;

  constructor(code: GuildErrorCode, message: string, options: GuildErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GuildError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True for a `GuildError` (from any copy of the package), optionally of the given code. */
  static is(value: unknown, code?: GuildErrorCode): value is GuildError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as GuildError).code === code)
    );
  }

  toJSON(): JsonObject {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}
