import { type ResultMessage } from '../sandbox/protocol';
import {
  type ExecutionEvent,
  type ExecutionException,
  type ExecutionResult,
} from './execution-result';

/**
 * What one call came to, whichever interpreter ran it: a sandbox's result message without its
 * routing fields, or the in-process interpreter's own run.
 */
export type CallOutcome = Omit<ResultMessage, 'op' | 'id' | 'slot'>;

export interface ResultContext {
  timeoutSeconds: number;
  maxOutputBytes: number;
  stateReset: boolean;
  durationMs: number;
  /** Why the sandbox process ended, when it did (the guild's words). */
  endReason?: string | undefined;
}

function exception(type: string, message: string, traceback = ''): ExecutionException {
  return { type, message, traceback };
}

/** Builds a failed result that carries no Python output (sandbox trouble, crashes). */
export function failureResult(
  failure: ExecutionException,
  context: Pick<ResultContext, 'stateReset' | 'durationMs'>,
): ExecutionResult {
  return {
    success: false,
    error: `${failure.type}: ${failure.message}`,
    stdout: '',
    stderr: '',
    globals: {},
    reprGlobals: [],
    exitCode: -1,
    exception: failure,
    timedOut: false,
    durationMs: context.durationMs,
    stateReset: context.stateReset,
    results: [],
    outputFiles: [],
    cancelled: false,
  };
}

function explain(reply: CallOutcome, context: ResultContext) {
  const { runtime } = reply;
  const limit = `${context.timeoutSeconds} s`;
  const where = runtime?.exception?.traceback ?? '';
  if (reply.cancelled) {
    const lost = reply.outcome === 'killed';
    return exception(
      'ExecutionCancelled',
      lost
        ? 'The call was cancelled and did not respond to the interrupt; the interpreter was replaced and earlier Python state is lost'
        : 'The call was cancelled and interrupted',
      where,
    );
  }
  if (reply.outcome === 'killed') {
    return exception(
      'TimeoutError',
      `Execution exceeded the ${limit} timeout and did not respond to the interrupt; ` +
        'the interpreter was replaced and earlier Python state is lost',
    );
  }
  if (reply.timedOut) {
    return exception(
      'TimeoutError',
      `Execution exceeded the ${limit} timeout and was interrupted`,
      where,
    );
  }
  if (reply.outputLimited) {
    return exception(
      'OutputLimitExceeded',
      `Output exceeded max_output_bytes (${context.maxOutputBytes} bytes per stream); execution was stopped`,
      where,
    );
  }
  if (reply.outcome === 'crashed') {
    const why = context.endReason ?? 'it stopped responding';
    return exception(
      'SandboxCrashed',
      `The Python interpreter died (${why}); earlier Python state is lost and the next call gets a new interpreter`,
    );
  }
  return runtime?.exception ?? undefined;
}

/**
 * The events a call's outcome adds to its stream: output and rich results that were not
 * streamed, then `end` with everything else (its own stdout, stderr and results are left for
 * `foldExecution` to fill from the events).
 */
export function replyEvents(
  reply: CallOutcome,
  fileData: Uint8Array[],
  context: ResultContext,
): ExecutionEvent[] {
  const { runtime } = reply;
  const failure = explain(reply, context);
  const lost = reply.outcome !== 'ran';
  const summary: ExecutionResult = {
    success: failure === undefined,
    stdout: '',
    stderr: '',
    globals: runtime?.globals ?? {},
    reprGlobals: runtime?.reprGlobals ?? [],
    exitCode: failure === undefined ? 0 : -1,
    timedOut: (reply.timedOut || reply.outcome === 'killed') && !reply.cancelled,
    durationMs: reply.durationMs > 0 ? reply.durationMs : context.durationMs,
    stateReset: context.stateReset || lost,
    results: [],
    outputFiles: reply.files.map((file, i) => ({
      path: file.path,
      size: file.size,
      bytes: fileData[i] ?? new Uint8Array(),
    })),
    cancelled: reply.cancelled,
  };
  if (failure) {
    summary.exception = failure;
    summary.error = failure.message ? `${failure.type}: ${failure.message}` : failure.type;
  }
  if (runtime?.display !== undefined) summary.displayValue = runtime.display;
  const events: ExecutionEvent[] = [];
  if (reply.stdout) events.push({ type: 'stdout', text: reply.stdout });
  if (reply.stderr) events.push({ type: 'stderr', text: reply.stderr });
  for (const result of runtime?.results ?? []) events.push({ type: 'result', result });
  events.push({ type: 'end', result: summary });
  return events;
}
