import { type ResultMessage } from '../sandbox/sandbox-protocol';
import { type ExecutionException, type ExecutionResult } from './execution-result';

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
  };
}

function explain(reply: ResultMessage, context: ResultContext) {
  const { runtime } = reply;
  const limit = `${context.timeoutSeconds} s`;
  const where = runtime?.exception?.traceback ?? '';
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

/** Turns a sandbox reply into the public result shape. */
export function toExecutionResult(reply: ResultMessage, context: ResultContext): ExecutionResult {
  const { runtime } = reply;
  const failure = explain(reply, context);
  const lost = reply.outcome !== 'ran';
  const result: ExecutionResult = {
    success: failure === undefined,
    stdout: reply.stdout,
    stderr: reply.stderr,
    globals: runtime?.globals ?? {},
    reprGlobals: runtime?.reprGlobals ?? [],
    exitCode: failure === undefined ? 0 : -1,
    timedOut: reply.timedOut || reply.outcome === 'killed',
    durationMs: reply.durationMs > 0 ? reply.durationMs : context.durationMs,
    stateReset: context.stateReset || lost,
  };
  if (failure) {
    result.exception = failure;
    result.error = failure.message ? `${failure.type}: ${failure.message}` : failure.type;
  }
  if (runtime?.display !== undefined) result.displayValue = runtime.display;
  return result;
}
