import { PythonExecError } from '../errors/python-exec-error';
import {
  type ExecuteRequest,
  type ExecutionException,
  type ExecutionResult,
} from '../execution/execution-result';

/** Upstream's `CodeSnippet`. */
export interface CodeSnippet {
  language: string;
  code: string;
}

/** Upstream's `run()` default (`timeout_seconds: Optional[int] = 60`). */
export const UPSTREAM_RUN_TIMEOUT_SECONDS = 60;

/** The languages upstream's `PythonExecExecutor` accepts, compared exactly as its validator does. */
const SUPPORTED_LANGUAGES = ['python'];

export interface UpstreamRunOptions {
  /**
   * 60 when omitted, as upstream's `run()` (not the executor's `timeout_seconds`); `null` means
   * the executor's `timeout_seconds`, as upstream's executors treat `None`.
   */
  timeoutSeconds?: number | null;
  /** Written into the agent's home before the code runs. */
  inputFiles?: Record<string, string | Uint8Array>;
  /** Returned after the run when they exist, also when the code raised or timed out. */
  outputFilenames?: string[];
}

/**
 * Upstream's `ExecutionResult`, in camelCase. Upstream's `logs` and `resources_used` are left out:
 * none of upstream's executors fills them (always `[]` and `None`), and nothing here has a
 * meaning for them.
 */
export interface UpstreamExecutionResult {
  inputSnippet: CodeSnippet;
  stdout: string;
  stderr: string;
  /** 0, or -1 when the code raised, timed out, was stopped or the sandbox failed (as upstream). */
  exitCode: 0 | -1;
  exception: ExecutionException | null;
  outputFiles: Record<string, Uint8Array>;
  timedOut: boolean;
  durationSeconds: number;
}

/** `run()` of upstream's executors on top of `execute`. */
export async function runSnippet(
  execute: (request: ExecuteRequest) => Promise<ExecutionResult>,
  snippet: CodeSnippet,
  options: UpstreamRunOptions,
): Promise<UpstreamExecutionResult> {
  if (!SUPPORTED_LANGUAGES.includes(snippet.language)) {
    // Upstream's DefaultCodeValidator wording; its ValidationError is this INVALID_REQUEST.
    throw new PythonExecError(
      'INVALID_REQUEST',
      `run(): Unsupported language: ${snippet.language}. Supported: ['python']`,
      { details: { field: 'language', problem: 'only python' } },
    );
  }
  const { timeoutSeconds = UPSTREAM_RUN_TIMEOUT_SECONDS } = options;
  const result = await execute({
    code: snippet.code,
    ...(timeoutSeconds === null ? {} : { timeoutSeconds }),
    ...(options.inputFiles ? { files: options.inputFiles } : {}),
    ...(options.outputFilenames ? { outputFiles: options.outputFilenames } : {}),
  });
  return {
    inputSnippet: { language: snippet.language, code: snippet.code },
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.exitCode,
    exception: result.exception ?? null,
    outputFiles: Object.fromEntries(result.outputFiles.map((f) => [f.path, f.bytes])),
    timedOut: result.timedOut,
    durationSeconds: result.durationMs / 1000,
  };
}
