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
 * The error reply: upstream's `rustic_ai.core.agents.commons.message_formats.ErrorMessage`,
 * sent on `error_topic` with `isErrorMessage`. On the wire it has upstream's format name and
 * snake_case fields (`agent_type`, `error_type`, `error_message`, plus Guildkit's `details`),
 * so routes, predicates and agents written for upstream read it unchanged; in TypeScript its
 * fields are camelCase. Routes may also name the format `ErrorMessage` (see `FORMAT_ALIASES`).
 *
 * @example
 * await ctx.sendError(new ErrorMessage({ agentType: 'Calc', errorType: 'BAD_INPUT', errorMessage: 'x < 0' }));
 * // payload: { agent_type: 'Calc', error_type: 'BAD_INPUT', error_message: 'x < 0' }
 */
export class ErrorMessage extends Payload implements ErrorMessageFields {
  static readonly format = 'rustic_ai.core.agents.commons.message_formats.ErrorMessage';
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

  /** Upstream's snake_case payload. */
  override toJSON(): JsonObject {
    const json: JsonObject = {
      agent_type: this.agentType,
      error_type: this.errorType,
      error_message: this.errorMessage,
    };
    if (this.details !== undefined) json['details'] = this.details;
    return json;
  }

  static fromJson(json: JsonObject): ErrorMessage {
    const f = new PayloadFields(json, ErrorMessage.format);
    const details = json['details'] === undefined ? undefined : f.object('details');
    return new ErrorMessage({
      agentType: f.string('agent_type', ''),
      errorType: f.string('error_type'),
      errorMessage: f.string('error_message'),
      ...(details === undefined ? {} : { details }),
    });
  }
}
