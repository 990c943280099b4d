import { type JsonObject, type JsonValue } from '@guildkit/core';

/** A Python exception as the interpreter reported it. */
export interface ExecutionException {
  /** The exception class name, e.g. `ZeroDivisionError`, `TimeoutError`, `SandboxCrashed`. */
  type: string;
  message: string;
  /** The formatted traceback, agent frames only. */
  traceback: string;
}

/** One request to run Python code. */
export interface ExecuteRequest {
  code: string;
  /** JSON values bound as variables before the code runs (names must be identifiers). */
  globals?: JsonObject;
  /** Variables to read back after the run, converted to JSON. */
  returnGlobals?: string[];
  /** Overrides the executor's `timeout_seconds` for this call. */
  timeoutSeconds?: number;
}

/** What every Guildkit code executor returns. Never thrown: failures are data. */
export interface ExecutionResult {
  success: boolean;
  /** One-line summary when `success` is false, e.g. `ZeroDivisionError: division by zero`. */
  error?: string;
  stdout: string;
  stderr: string;
  /** The `returnGlobals` that exist after the run, as JSON values. */
  globals: Record<string, JsonValue>;
  /** Names in `globals` that were not JSON-able (in whole or part) and were given as `repr`. */
  reprGlobals: string[];
  /** `repr` of the last expression's value when the code ends in one (as a REPL shows it). */
  displayValue?: string;
  exitCode: 0 | -1;
  exception?: ExecutionException;
  timedOut: boolean;
  durationMs: number;
  /**
   * True when the agent's earlier Python state is gone: on the call during which the interpreter
   * was killed or crashed, and on the first call served by its replacement.
   */
  stateReset: boolean;
}

/**
 * A Python code executor as agents receive it from a resolver.
 *
 * @example
 * const result = await executor.execute({ code: 'y = x * 2', globals: { x: 21 }, returnGlobals: ['y'] });
 * if (result.success) console.log(result.globals['y']); // 42
 */
export interface CodeExecutor {
  execute(request: ExecuteRequest): Promise<ExecutionResult>;
  /** Drops all Python state; the next call starts from a fresh interpreter. */
  reset(): Promise<void>;
  /** Releases the interpreter. Idempotent; `execute` rejects afterwards. */
  close(): Promise<void>;
}
