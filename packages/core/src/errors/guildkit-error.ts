import { type JsonObject } from '../messaging/json';

const brand = Symbol.for('@guildkit/core/GuildkitError');

export interface GuildkitErrorOptions {
  cause?: unknown;
  details?: JsonObject;
}

/**
 * The one error base of every Guildkit package (`GuildError`, `GuildSpecError`,
 * `PythonExecError` extend it): a stable machine-readable `code`, JSON-safe `details`, a message
 * that says how to fix the problem, and a brand that `is` checks, so it works across copies of
 * the packages.
 *
 * @example
 * try { await guild.launch('org'); } catch (e) {
 *   if (GuildkitError.is(e)) console.error(e.code, e.details);
 * }
 */
export class GuildkitError<C extends string = string> extends Error {
  readonly [brand] = true;
  readonly code: C;
  readonly details: JsonObject;

  constructor(code: C, message: string, options: GuildkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GuildkitError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True for an error of any Guildkit package, optionally of the given code. */
  static is(value: unknown, code?: string): value is GuildkitError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as GuildkitError).code === code)
    );
  }

  toJSON(): JsonObject {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}
