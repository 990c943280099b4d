import { Payload, PayloadFields, type JsonObject, type JsonValue } from '@guildkit/core';

/**
 * Python code for `CodeExecutionAgent` to run, with `input_data` bound as a variable (the
 * seeds' `CodeRequest`, wire format `CodeRequest`).
 *
 * @example
 * await ctx.send(new CodeRequest('output = sum(input_data)', [1, 2, 3]));
 */
export class CodeRequest extends Payload {
  static readonly format = 'CodeRequest';

  constructor(
    readonly code: string,
    readonly input_data: JsonValue = null,
  ) {
    super();
  }

  static fromJson(json: JsonObject): CodeRequest {
    const fields = new PayloadFields(json, CodeRequest.format);
    return new CodeRequest(fields.string('code'), fields.value('input_data', null));
  }
}
