import { type JsonObject } from '@guildkit/core';

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

export interface PythonExecErrorOptions {
  cause?: unknown;
  details?: JsonObject;
}

/**
 * The one error base of `@guildkit/python-exec`: misuse and configuration problems. Anything the
 * Python code itself does is reported in an `ExecutionResult`, never thrown.
 *
 * @example
 * try { await resolver.getOrResolve('org', 'guild', 'agent'); } catch (e) {
 *   if (PythonExecError.is(e, 'INVALID_PROPERTIES')) console.error(e.details['property']);
 * }
 */
export class PythonExecError extends Error {
  readonly [brand] = true;
  readonly code: PythonExecErrorCode;
  readonly details: JsonObject;

  constructor(code: PythonExecErrorCode, message: string, options: PythonExecErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PythonExecError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True for a `PythonExecError` (from any copy of the package), optionally of the given code. */
  static is(value: unknown, code?: PythonExecErrorCode): value is PythonExecError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as PythonExecError).code === code)
    );
  }

  toJSON(): JsonObject {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}
