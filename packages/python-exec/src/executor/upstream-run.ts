import { PythonExecError } from '../errors/python-exec-error';
import { type ExecuteRequest, type ExecutionResult } from '../execution/execution-result';

/** Upstream's `CodeSnippet`. */
export interface CodeSnippet {
  language: string;
  code: string;
}

export interface UpstreamRunOptions {
  timeoutSeconds?: number;
  /** Written into the agent's home before the code runs. */
  inputFiles?: Record<string, string | Uint8Array>;
  /** Returned after the run when they exist. */
  outputFilenames?: string[];
}

/** Upstream's `ExecutionResult` shape. */
export interface UpstreamExecutionResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  exception: { type: string; message: string; traceback: string } | null;
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
  const language = snippet.language.toLowerCase();
  if (language !== 'python' && language !== 'py') {
    throw new PythonExecError(
      'INVALID_REQUEST',
      `run(): language '${snippet.language}' is not supported; this executor runs Python only`,
      { details: { field: 'language', problem: 'only python' } },
    );
  }
  const result = await execute({
    code: snippet.code,
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
    ...(options.inputFiles ? { files: options.inputFiles } : {}),
    ...(options.outputFilenames ? { outputFiles: options.outputFilenames } : {}),
  });
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.success ? 0 : 1,
    exception: result.exception ?? null,
    outputFiles: Object.fromEntries(result.outputFiles.map((f) => [f.path, f.bytes])),
    timedOut: result.timedOut,
    durationSeconds: result.durationMs / 1000,
  };
}
