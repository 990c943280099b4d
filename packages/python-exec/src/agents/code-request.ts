import {
  GuildError,
  Payload,
  PayloadFields,
  type JsonObject,
  type JsonValue,
} from '@guildkit/core';

/** What a `CodeRequest` may add to its code (all optional). */
export interface CodeRequestOptions {
  /**
   * Also publish the output as it is produced, in `CodeOutput` messages answering the request,
   * before the final `CodeResponse` (which still carries all of it).
   */
  stream?: boolean;
  /** Files to return in `CodeResponse.output_files`: paths or patterns relative to home. */
  output_files?: string[];
}

/**
 * Python code for `CodeExecutionAgent` to run, with `input_data` bound as a variable (the
 * seeds' `CodeRequest`, wire format `CodeRequest`). A `CodeInterrupt` naming the request's
 * message id interrupts it.
 *
 * @example
 * await ctx.send(new CodeRequest('output = sum(input_data)', [1, 2, 3]));
 * await ctx.send(new CodeRequest('plot()', null, { stream: true, output_files: ['*.png'] }));
 */
export class CodeRequest extends Payload {
  static readonly format = 'CodeRequest';

  declare readonly stream?: boolean;
  declare readonly output_files?: string[];

  constructor(
    readonly code: string,
    readonly input_data: JsonValue = null,
    options: CodeRequestOptions = {},
  ) {
    super();
    if (options.stream === true) this.stream = true;
    if (options.output_files !== undefined) this.output_files = options.output_files;
  }

  static fromJson(json: JsonObject): CodeRequest {
    const fields = new PayloadFields(json, CodeRequest.format);
    const outputFiles =
      json['output_files'] === undefined ? undefined : fields.array('output_files');
    if (outputFiles?.some((path) => typeof path !== 'string')) {
      const details = { format: CodeRequest.format, field: 'output_files' };
      throw new GuildError(
        'PAYLOAD_INVALID',
        `Payload for format "CodeRequest": field "output_files" must be a list of path strings.`,
        { details },
      );
    }
    return new CodeRequest(fields.string('code'), fields.value('input_data', null), {
      stream: fields.boolean('stream', false),
      ...(outputFiles !== undefined && { output_files: outputFiles as string[] }),
    });
  }
}
