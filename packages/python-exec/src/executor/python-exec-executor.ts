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

/** A request as the executor runs it: the public fields, or a file operation instead of code. */
export type CallRequest = ExecuteRequest & { fileOp?: FileOp };
import { failureResult, replyEvents } from '../execution/result-mapper';
import { foldExecution } from '../execution/fold-execution';
import { EventQueue } from '../execution/event-queue';
import { type FileOp, MAX_RESULTS_PER_CALL } from '../sandbox/protocol';
import { ExecutorFiles } from './executor-files';
import {
  type CodeSnippet,
  runSnippet,
  type UpstreamExecutionResult,
  type UpstreamRunOptions,
} from './upstream-run';
import { type InterpreterPool, type InterpreterSlot } from '../sandbox/interpreter-pool';
import { createInterpreterPool } from './create-interpreter-pool';

/**
 * Time allowed after the interrupt before an unresponsive interpreter is killed. An interrupted
 * loop answers in milliseconds; the margin is for a loaded machine, where a kill would cost the
 * agent its state.
 */
const GRACE_MS = 1000;

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
  private slot: InterpreterSlot | undefined;
  private lost = false;
  private closed = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PythonExecExecutorOptions) {}

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
    await this.enqueue(() => this.ensureSlot());
  }

  /** The pid of the sandbox process currently hosting this agent's interpreter, if any. */
  get sandboxPid(): number | undefined {
    return this.slot?.process.alive === true ? this.slot.process.pid : undefined;
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
      this.dropSlot();
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
    this.dropSlot();
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

  private async ensureSlot(): Promise<{ slot: InterpreterSlot; fresh: boolean }> {
    if (this.slot?.process.alive) return { slot: this.slot, fresh: false };
    if (this.slot) this.lost = true;
    this.slot = await this.options.pool.acquire();
    return { slot: this.slot, fresh: true };
  }

  private dropSlot(): void {
    if (this.slot) this.options.pool.release(this.slot);
    this.slot = undefined;
    this.lost = false;
  }

  /** The interpreter was killed or died: free what is left of it; the next call gets a new one. */
  private loseSlot(slot: InterpreterSlot): void {
    this.options.pool.release(slot);
    this.slot = undefined;
    this.lost = true;
  }

  /** One call; every outcome is events folded into the result (one pipeline for all APIs). */
  private async call(request: CallRequest, emit?: (event: ExecutionEvent) => void) {
    const events: ExecutionEvent[] = [];
    const push = (event: ExecutionEvent) => {
      events.push(event);
      emit?.(event);
    };
    const started = performance.now();
    const { config } = this.options;
    const timeoutSeconds = request.timeoutSeconds ?? config.timeoutSeconds;
    const fail = (type: string, message: string, stateReset: boolean) => {
      const durationMs = performance.now() - started;
      push({
        type: 'end',
        result: failureResult({ type, message, traceback: '' }, { stateReset, durationMs }),
      });
      return foldExecution(events);
    };
    if (request.signal?.aborted === true) {
      return {
        ...fail('ExecutionCancelled', 'The call was cancelled before it started', false),
        cancelled: true,
      };
    }
    let slot: InterpreterSlot;
    let stateReset: boolean;
    try {
      const acquired = await this.ensureSlot();
      slot = acquired.slot;
      stateReset = acquired.fresh && this.lost;
      this.lost = false;
    } catch (error) {
      return fail('SandboxError', error instanceof Error ? error.message : String(error), true);
    }
    const files = Object.entries(request.files ?? {});
    const reply = await slot.process.exec(
      {
        slot: slot.id,
        code: request.code,
        globals: request.globals ?? null,
        returnGlobals: request.returnGlobals ?? [],
        timeoutMs: Math.ceil(timeoutSeconds * 1000),
        graceMs: GRACE_MS,
        maxOutputBytes: config.maxOutputBytes,
        maxResultBytes: config.maxResultBytes,
        maxResults: MAX_RESULTS_PER_CALL,
        stream: emit !== undefined,
        stdin: request.stdin ?? null,
        files: files.map(([path]) => path),
        outputFiles: request.outputFiles ?? [],
        fileOp: request.fileOp ?? null,
      },
      {
        fileData: files.map(([, data]) => Buffer.from(data)),
        ...(request.signal ? { signal: request.signal } : {}),
        onEvent: (event) => {
          push(
            event.op === 'output'
              ? { type: event.stream, text: event.text }
              : { type: 'result', result: event.result },
          );
        },
      },
    );
    const endReason = this.closed ? 'the executor was closed' : slot.process.endReason;
    if (reply.message.outcome !== 'ran') this.loseSlot(slot);
    const context = {
      timeoutSeconds,
      maxOutputBytes: config.maxOutputBytes,
      stateReset,
      durationMs: performance.now() - started,
      endReason,
    };
    for (const event of replyEvents(reply.message, reply.fileData, context)) push(event);
    return foldExecution(events);
  }

  private closedError(): PythonExecError {
    return new PythonExecError(
      'EXECUTOR_CLOSED',
      'This PythonExecExecutor is closed; resolve a new executor from the resolver to run more code.',
    );
  }
}
