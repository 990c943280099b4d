import { GuildkitError, type GuildkitErrorOptions } from '@guildkit/core';

const brand = Symbol.for('@guildkit/python-exec/PythonExecError');

/** Every error code `@guildkit/python-exec` raises. */
export type PythonExecErrorCode =
  | 'INVALID_PROPERTIES'
  | 'INVALID_REQUEST'
  | 'EXECUTOR_CLOSED'
  | 'SANDBOX_UNAVAILABLE'
  | 'SNAPSHOT_BUILD_FAILED'
  | 'PACKAGE_UNAVAILABLE'
  | 'FILE_ERROR';

export type PythonExecErrorOptions = GuildkitErrorOptions;

/**
 * The one error base of `@guildkit/python-exec` (a `GuildkitError`): misuse and configuration
 * problems. Anything the Python code itself does is reported in an `ExecutionResult`, never thrown.
 *
 * @example
 * try { await resolver.getOrResolve('org', 'guild', 'agent'); } catch (e) {
 *   if (PythonExecError.is(e, 'INVALID_PROPERTIES')) console.error(e.details['property']);
 * }
 */
export class PythonExecError extends GuildkitError<PythonExecErrorCode> {
  readonly [brand] = true;

  constructor(code: PythonExecErrorCode, message: string, options: PythonExecErrorOptions = {}) {
    super(code, message, options);
    this.name = 'PythonExecError';
  }

  /** True for a `PythonExecError` (from any copy of the package), optionally of the given code. */
  static override is(value: unknown, code?: PythonExecErrorCode): value is PythonExecError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as PythonExecError).code === code)
    );
  }
}
