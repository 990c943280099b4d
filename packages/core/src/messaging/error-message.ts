import { type JsonObject } from './json';
import { Payload } from './payload';
import { PayloadFields } from './payload-fields';

/** Error types the runtime itself reports. Agents may send others. */
export type RuntimeErrorType =
  | 'UNHANDLED_EXCEPTION'
  | 'INVALID_PAYLOAD'
  | 'DEPENDENCY_RESOLUTION_FAILED'
  | 'DEPENDENCY_RESOLUTION_TIMEOUT'
  | 'PROCESSOR_TIMEOUT'
  | 'GUILD_SHUTTING_DOWN';

export interface ErrorMessageFields {
  agentType: string;
  errorType: string;
  errorMessage: string;
  /**
   * More about the failure, JSON-safe. The runtime sets `processor`, `errorName` and, for
   * a thrown error, its `stack`; timeouts add `timeoutMs`.
   */
  details?: JsonObject;
}

/**
 * The error reply (upstream's `ErrorMessage`), sent on `error_topic` with `isErrorMessage`.
 *
 * @example
 * await ctx.sendError(new ErrorMessage({ agentType: 'Calc', errorType: 'BAD_INPUT', errorMessage: 'x < 0' }));
 */
export class ErrorMessage extends Payload implements ErrorMessageFields {
  static readonly format = 'ErrorMessage';
  readonly agentType: string;
  readonly errorType: string;
  readonly errorMessage: string;
  declare readonly details?: JsonObject;

  constructor(fields: ErrorMessageFields) {
    super();
    this.agentType = fields.agentType;
    this.errorType = fields.errorType;
    this.errorMessage = fields.errorMessage;
    if (fields.details !== undefined) this.details = fields.details;
  }

  static fromJson(json: JsonObject): ErrorMessage {
    const f = new PayloadFields(json, ErrorMessage.format);
    const details = json['details'] === undefined ? undefined : f.object('details');
    return new ErrorMessage({
      agentType: f.string('agentType', ''),
      errorType: f.string('errorType'),
      errorMessage: f.string('errorMessage'),
      ...(details === undefined ? {} : { details }),
    });
  }
}
