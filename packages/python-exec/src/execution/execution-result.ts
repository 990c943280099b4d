import { type JsonObject, type JsonValue } from '@guildkit/core';
import { type RichResult } from '../sandbox/protocol';

export type { RichResult };

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
  /** What `input()` and `sys.stdin` read, line by line; past its end `input()` raises EOFError. */
  stdin?: string;
  /** Files written into the agent's home directory before the code runs (relative paths). */
  files?: Record<string, string | Uint8Array>;
  /** Files returned after the run: paths or patterns relative to home (`plots/*.png`). */
  outputFiles?: string[];
  /** Aborting interrupts the code (state kept when it is interruptible) and marks it cancelled. */
  signal?: AbortSignal;
  /** Called with output as the code prints it. */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Called with each rich result (`display(obj)`, the last expression) as it is produced. */
  onResult?: (result: RichResult) => void;
}

/** A file the call returned. */
export interface OutputFile {
  /** Relative to the agent's home directory. */
  path: string;
  bytes: Uint8Array;
  size: number;
}

/**
 * What a call produces, in order: output and rich results as they happen, then `end` with the
 * rest. `foldExecution(events)` of a call's events is exactly what `execute` returns.
 */
export type ExecutionEvent =
  | { type: 'stdout'; text: string }
  | { type: 'stderr'; text: string }
  | { type: 'result'; result: RichResult }
  | { type: 'end'; result: ExecutionResult };

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
  /** Rich results (MIME bundles) of `display(obj)` calls, the last expression and figures. */
  results: RichResult[];
  /** The request's `outputFiles` that exist. */
  outputFiles: OutputFile[];
  /** True when the request's `signal` stopped the code. */
  cancelled: boolean;
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
