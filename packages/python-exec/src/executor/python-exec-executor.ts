import {
  parseExecutorConfig,
  type ExecutorConfig,
  type PythonExecProperties,
} from '../config/executor-config';
import { PythonExecError } from '../errors/python-exec-error';
import { validateRequest } from '../execution/execute-request';
import {
  type CodeExecutor,
  type ExecuteRequest,
  type ExecutionResult,
} from '../execution/execution-result';
import { failureResult, toExecutionResult } from '../execution/result-mapper';
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
    if (this.closed) throw this.closedError();
    validateRequest(request);
    return this.enqueue(() => this.run(request));
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

  private async run(request: ExecuteRequest): Promise<ExecutionResult> {
    const started = performance.now();
    const { config } = this.options;
    const timeoutSeconds = request.timeoutSeconds ?? config.timeoutSeconds;
    let slot: InterpreterSlot;
    let stateReset: boolean;
    try {
      const acquired = await this.ensureSlot();
      slot = acquired.slot;
      stateReset = acquired.fresh && this.lost;
      this.lost = false;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failureResult(
        { type: 'SandboxError', message, traceback: '' },
        { stateReset: true, durationMs: performance.now() - started },
      );
    }
    const reply = await slot.process.exec({
      slot: slot.id,
      code: request.code,
      globals: request.globals ?? null,
      returnGlobals: request.returnGlobals ?? [],
      timeoutMs: Math.ceil(timeoutSeconds * 1000),
      graceMs: GRACE_MS,
      maxOutputBytes: config.maxOutputBytes,
      maxResultBytes: config.maxResultBytes,
    });
    const endReason = this.closed ? 'the executor was closed' : slot.process.endReason;
    if (reply.outcome !== 'ran') this.loseSlot(slot);
    return toExecutionResult(reply, {
      timeoutSeconds,
      maxOutputBytes: config.maxOutputBytes,
      stateReset,
      durationMs: performance.now() - started,
      endReason,
    });
  }

  private closedError(): PythonExecError {
    return new PythonExecError(
      'EXECUTOR_CLOSED',
      'This PythonExecExecutor is closed; resolve a new executor from the resolver to run more code.',
    );
  }
}
