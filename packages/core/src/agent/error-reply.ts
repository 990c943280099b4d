import { describeThrown } from '../faults/describe-thrown';
import { ErrorMessage, type RuntimeErrorType } from '../messaging/error-message';
import { type JsonObject } from '../messaging/json';

/** Why a request is answered with an error: a thrown value, or a text of the runtime's own. */
export interface Failure {
  errorType: RuntimeErrorType;
  /** What was thrown (any value, `undefined` included, when the key is present). */
  error?: unknown;
  /** The message when nothing was thrown (timeouts, shutdown). */
  text?: string;
  details?: JsonObject;
}

/**
 * The `ErrorMessage` answering a failed processor run; its details name the processor and,
 * for a thrown value, its error name and stack. Never throws.
 */
export function errorReply(agentType: string, methodName: string, failure: Failure): ErrorMessage {
  const thrown = 'error' in failure ? describeThrown(failure.error) : undefined;
  const details: JsonObject = { processor: methodName, ...failure.details };
  if (thrown !== undefined) {
    details['errorName'] = thrown.name;
    if (thrown.stack !== undefined) details['stack'] = thrown.stack;
  }
  return new ErrorMessage({
    agentType,
    errorType: failure.errorType,
    errorMessage: failure.text ?? thrown?.message ?? failure.errorType,
    details,
  });
}
