import { type ExecutorConfig } from '../config/executor-config';
import {
  type ExecuteRequest,
  type ExecutionEvent,
  type ExecutionResult,
} from '../execution/execution-result';
import { foldExecution } from '../execution/fold-execution';
import { failureResult, replyEvents } from '../execution/result-mapper';
import { type FileOp, MAX_RESULTS_PER_CALL } from '../sandbox/protocol';
import { type InterpreterSlot } from '../sandbox/interpreter-pool';
import { type InterpreterBinding } from './interpreter-binding';

/**
 * Time allowed after the interrupt before an unresponsive interpreter is killed. An interrupted
 * loop answers in milliseconds; the margin is for a loaded machine, where a kill would cost the
 * agent its state.
 */
const GRACE_MS = 1000;

/** A request as the executor runs it: the public fields, or a file operation instead of code. */
export type CallRequest = ExecuteRequest & { fileOp?: FileOp };

/** What a call needs of its executor. */
export interface CallContext {
  binding: InterpreterBinding;
  config: ExecutorConfig;
  /** Read after the call, so a call ended by `close()` says so. */
  closed: () => boolean;
}

/** One call; every outcome is events folded into the result (one pipeline for all APIs). */
export async function runCall(
  executor: CallContext,
  request: CallRequest,
  emit?: (event: ExecutionEvent) => void,
): Promise<ExecutionResult> {
  const events: ExecutionEvent[] = [];
  const push = (event: ExecutionEvent) => {
    events.push(event);
    emit?.(event);
  };
  const started = performance.now();
  const { binding, config } = executor;
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
    const acquired = await binding.acquire();
    slot = acquired.slot;
    stateReset = acquired.stateReset;
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
  const endReason = executor.closed() ? 'the executor was closed' : slot.process.endReason;
  if (reply.message.outcome !== 'ran') binding.lose(slot);
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
