import { loadPyodide } from 'pyodide';
import { PythonExecError } from '../errors/python-exec-error';
import { validateRequest } from '../execution/execute-request';
import {
  type CodeExecutor,
  type ExecuteRequest,
  type ExecutionResult,
} from '../execution/execution-result';
import { replyEvents } from '../execution/result-mapper';
import { foldExecution } from '../execution/fold-execution';
import { runtimePaths } from '../sandbox/runtime-paths';
import { type RuntimeResult } from '../sandbox/protocol';
import { cacheDirectory } from '../snapshot/cache-directory';
import { ensureSnapshot } from '../snapshot/snapshot-cache';

interface PyInterpreter {
  run(code: string, callJson: string): string;
  destroy(): void;
}

interface InProcessPyodide {
  setStdout(options: { write: (buffer: Uint8Array) => number }): void;
  setStderr(options: { write: (buffer: Uint8Array) => number }): void;
  pyimport(name: '_guildkit_runtime'): { create(policyJson: string): PyInterpreter };
}

let shared: Promise<InProcessPyodide> | undefined;

async function loadRuntime(): Promise<InProcessPyodide> {
  const paths = runtimePaths();
  const snapshot = await ensureSnapshot(
    { defaultImports: {}, preImports: [], wheels: [] },
    cacheDirectory(),
  );
  const py = await loadPyodide({
    indexURL: `${paths.pyodideDir}/`,
    _loadSnapshot: snapshot.bytes,
    stdout: () => undefined,
    stderr: () => undefined,
  });
  return py;
}

class Capture {
  text = '';
  readonly write = (buffer: Uint8Array): number => {
    this.text += Buffer.from(buffer).toString('utf8');
    return buffer.length;
  };
}

/**
 * Runs **trusted** Python in the guild's own process (Pyodide on the main thread), statelessly:
 * each call gets a fresh namespace. There is no sandbox, no import restriction, no timeout and
 * no memory cap: never give it code from an LLM or a user. Use `PythonExecExecutor` for that.
 *
 * @example
 * const runner = new InProcessCodeInterpreter();
 * const result = await runner.execute({ code: 'y = x + 5', globals: { x: 10 }, returnGlobals: ['y'] });
 * result.globals['y']; // 15
 */
export class InProcessCodeInterpreter implements CodeExecutor {
  private closed = false;

  async execute(request: ExecuteRequest): Promise<ExecutionResult> {
    if (this.closed) {
      throw new PythonExecError('EXECUTOR_CLOSED', 'This InProcessCodeInterpreter is closed.');
    }
    validateRequest(request);
    const unsupported = (['files', 'outputFiles', 'signal'] as const).find(
      (field) => request[field] !== undefined,
    );
    if (unsupported !== undefined) {
      throw new PythonExecError(
        'INVALID_REQUEST',
        `execute(): '${unsupported}' needs PythonExecExecutor; InProcessCodeInterpreter has no files or cancellation`,
        { details: { field: unsupported, problem: 'not supported in process' } },
      );
    }
    const started = performance.now();
    shared ??= loadRuntime().catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
    const py = await shared;
    const stdout = new Capture();
    const stderr = new Capture();
    py.setStdout({ write: stdout.write });
    py.setStderr({ write: stderr.write });
    const interpreter = py.pyimport('_guildkit_runtime').create('{"restricted": false}');
    try {
      const call = {
        globals: request.globals ?? null,
        returnGlobals: request.returnGlobals ?? [],
        stdin: request.stdin ?? null,
      };
      const raw = interpreter.run(request.code, JSON.stringify(call));
      const events = replyEvents(
        {
          outcome: 'ran',
          runtime: JSON.parse(raw) as RuntimeResult,
          stdout: stdout.text,
          stderr: stderr.text,
          outputLimited: false,
          timedOut: false,
          cancelled: false,
          durationMs: 0,
          files: [],
        },
        [],
        {
          timeoutSeconds: 0,
          maxOutputBytes: 0,
          stateReset: false,
          durationMs: performance.now() - started,
        },
      );
      for (const event of events) {
        if (event.type === 'stdout') request.onStdout?.(event.text);
        else if (event.type === 'stderr') request.onStderr?.(event.text);
        else if (event.type === 'result') request.onResult?.(event.result);
      }
      return foldExecution(events);
    } finally {
      interpreter.destroy();
    }
  }

  /** Nothing to reset: every call already starts from a fresh namespace. */
  reset(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
