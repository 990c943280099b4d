import { loadPyodide } from 'pyodide';
import { PythonExecError } from '../errors/python-exec-error';
import { validateRequest } from '../execution/execute-request';
import {
  type CodeExecutor,
  type ExecuteRequest,
  type ExecutionResult,
} from '../execution/execution-result';
import { toExecutionResult } from '../execution/result-mapper';
import { runtimePaths } from '../sandbox/runtime-paths';
import { type RuntimeResult } from '../sandbox/sandbox-protocol';
import { cacheDirectory } from '../snapshot/cache-directory';
import { ensureSnapshot } from '../snapshot/snapshot-cache';

interface PyInterpreter {
  run(code: string, globalsJson: string, namesJson: string): string;
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
      const raw = interpreter.run(
        request.code,
        request.globals ? JSON.stringify(request.globals) : '',
        JSON.stringify(request.returnGlobals ?? []),
      );
      return toExecutionResult(
        {
          op: 'result',
          id: '',
          slot: 0,
          outcome: 'ran',
          runtime: JSON.parse(raw) as RuntimeResult,
          stdout: stdout.text,
          stderr: stderr.text,
          outputLimited: false,
          timedOut: false,
          durationMs: 0,
        },
        {
          timeoutSeconds: 0,
          maxOutputBytes: 0,
          stateReset: false,
          durationMs: performance.now() - started,
        },
      );
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
