import {
  parseExecutorConfig,
  type ExecutorConfig,
  type PythonExecProperties,
} from '../config/executor-config';
import { PythonExecError } from '../errors/python-exec-error';
import { checkHomePath, checkInputFilesSize, validateRequest } from '../execution/execute-request';
import {
  type CodeExecutor,
  type ExecuteRequest,
  type ExecutionEvent,
  type ExecutionResult,
} from '../execution/execution-result';
import { EventQueue } from '../execution/event-queue';
import { type InterpreterPool } from '../sandbox/interpreter-pool';
import { createInterpreterPool } from './create-interpreter-pool';
import { ExecutorFiles } from './executor-files';
import { InterpreterBinding } from './interpreter-binding';
import { type CallRequest, runCall } from './run-call';
import {
  type CodeSnippet,
  runSnippet,
  type UpstreamExecutionResult,
  type UpstreamRunOptions,
} from './upstream-run';

export interface PythonExecExecutorOptions {
  pool: InterpreterPool;
  config: ExecutorConfig;
  /** Whether `close()` also closes the pool (true for `PythonExecExecutor.create`). */
  ownsPool?: boolean;
}

/**
 * One agent's stateful Python interpreter, running in a sandbox process. Calls are queued and run
 * one at a time in one persistent namespace.
 *
 * @example
 * const executor = await PythonExecExecutor.create({ whitelisted_imports: ['math'] });
 * await executor.execute({ code: 'import math\nr = 2' });
 * const result = await executor.execute({ code: 'area = math.pi * r ** 2', returnGlobals: ['area'] });
 * console.log(result.globals['area']); // 12.566...
 * await executor.close();
 */
export class PythonExecExecutor implements CodeExecutor {
  private readonly binding: InterpreterBinding;
  private closed = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PythonExecExecutorOptions) {
    this.binding = new InterpreterBinding(options.pool);
  }

  /** A standalone executor (outside a guild) with its own sandbox; `close()` releases it. */
  static async create(properties: PythonExecProperties = {}): Promise<PythonExecExecutor> {
    const config = parseExecutorConfig(properties);
    const pool = createInterpreterPool(config, { warm: 0 });
    const executor = new PythonExecExecutor({ pool, config, ownsPool: true });
    try {
      await executor.start();
    } catch (error) {
      pool.close();
      throw error;
    }
    return executor;
  }

  /**
   * Binds an interpreter now (building the configuration's snapshot if needed), so the first
   * `execute` does not wait. Rejects with `INVALID_PROPERTIES` for a default import that fails.
   */
  async start(): Promise<void> {
    await this.enqueue(() => this.binding.ensure());
  }

  /** The pid of the sandbox process currently hosting this agent's interpreter, if any. */
  get sandboxPid(): number | undefined {
    const slot = this.binding.current;
    return slot?.process.alive === true ? slot.process.pid : undefined;
  }

  get config(): ExecutorConfig {
    return this.options.config;
  }

  /**
   * Runs one call. Rejects (never throws synchronously) only for misuse: `INVALID_REQUEST` naming
   * the field, or `EXECUTOR_CLOSED`. Everything the code does is in the resolved result.
   */
  async execute(request: ExecuteRequest): Promise<ExecutionResult> {
    this.validate(request);
    const { onStdout, onStderr, onResult } = request;
    const listening = onStdout !== undefined || onStderr !== undefined || onResult !== undefined;
    const emit = (event: ExecutionEvent) => {
      if (event.type === 'stdout') onStdout?.(event.text);
      else if (event.type === 'stderr') onStderr?.(event.text);
      else if (event.type === 'result') onResult?.(event.result);
    };
    return this.enqueue(() => this.call(request, listening ? emit : undefined));
  }

  /**
   * The call's events as they happen: `stdout`, `stderr` and `result` while the code runs, then
   * `end` with the result (`foldExecution` of them all equals what `execute` returns).
   *
   * @example
   * for await (const event of executor.stream({ code: 'for i in range(3): print(i)' })) {
   *   if (event.type === 'stdout') process.stdout.write(event.text);
   * }
   */
  stream(request: ExecuteRequest): AsyncIterable<ExecutionEvent> {
    const queue = new EventQueue<ExecutionEvent>();
    const started = (async () => {
      this.validate(request);
      return this.enqueue(() =>
        this.call(request, (event) => {
          queue.push(event);
        }),
      );
    })();
    started.then(
      () => {
        queue.close();
      },
      (error: unknown) => {
        queue.fail(error);
      },
    );
    return queue;
  }

  /** Files in the agent's home directory (its private, in-memory filesystem). */
  readonly files = new ExecutorFiles(async ({ fileOp, ...request }) => {
    this.validate(request);
    if (fileOp) checkHomePath(fileOp.path, 'path');
    return this.enqueue(() => this.call({ ...request, ...(fileOp ? { fileOp } : {}) }));
  });

  /**
   * Upstream's executor API (`CodeExecutor.run(code_snippet, input_files, output_filenames)`),
   * returning upstream's result shape. Only `python` snippets run.
   *
   * @example
   * const r = await executor.run({ language: 'python', code: 'print(open("in.txt").read())' },
   *   { inputFiles: { 'in.txt': 'hi' } });
   * r.stdout; // 'hi\n'
   */
  async run(
    snippet: CodeSnippet,
    options: UpstreamRunOptions = {},
  ): Promise<UpstreamExecutionResult> {
    const maxBytes = this.config.maxFilesBytes;
    checkInputFilesSize({ files: options.inputFiles, maxBytes, field: 'inputFiles' });
    return runSnippet((request) => this.execute(request), snippet, options);
  }

  reset(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.enqueue(() => {
      this.binding.drop();
      return Promise.resolve();
    });
  }

  /**
   * Ends the interpreter at once: a call in flight resolves with a `SandboxCrashed` result saying
   * the executor was closed. Bounded: it never waits for running Python.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.binding.drop();
    if (this.options.ownsPool === true) this.options.pool.close();
    await this.tail.catch(() => undefined);
  }

  /** Refuses misuse before anything reaches the sandbox. */
  private validate(request: unknown): asserts request is ExecuteRequest {
    if (this.closed) throw this.closedError();
    validateRequest(request);
    const maxBytes = this.config.maxFilesBytes;
    checkInputFilesSize({ files: request.files, maxBytes, field: 'files' });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private call(request: CallRequest, emit?: (event: ExecutionEvent) => void) {
    const executor = { binding: this.binding, config: this.config, closed: () => this.closed };
    return runCall(executor, request, emit);
  }

  private closedError(): PythonExecError {
    return new PythonExecError(
      'EXECUTOR_CLOSED',
      'This PythonExecExecutor is closed; resolve a new executor from the resolver to run more code.',
    );
  }
}
