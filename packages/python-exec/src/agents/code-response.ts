import { Payload, PayloadFields, type JsonObject, type JsonValue } from '@guildkit/core';
import { type ExecutionResult } from '../execution/execution-result';

/** What `CodeResponse.output` holds when the code set no `output` variable (as upstream). */
export const NO_OUTPUT = 'No output variable defined';

/** The fields of a `CodeResponse`; optional ones are left out of the message when empty. */
export interface CodeResponseFields {
  status: 'success' | 'error';
  /** The `output` variable after the run (success only). */
  output?: JsonValue;
  stdout?: string;
  stderr?: string;
  /** `repr` of the code's last expression, as a REPL shows it. */
  display?: string;
  /** One line, e.g. `ZeroDivisionError: division by zero` (error only). */
  error?: string;
  /** The Python traceback, the agent's own frames only (error only). */
  traceback?: string;
  /** Present (true) when the agent's earlier Python state was lost on this call. */
  state_reset?: boolean;
  /**
   * Rich results beyond plain text (`display(obj)`, figures, a last expression with an HTML or
   * image form): `{isMainResult, data: {mime: value}}`, images base64-encoded.
   */
  results?: JsonObject[];
  /** The request's `output_files` that exist: `{path, size, data}`, `data` base64-encoded. */
  output_files?: CodeResponseFile[];
}

/** A file a `CodeResponse` returns (`path` relative to the agent's home). */
export interface CodeResponseFile extends JsonObject {
  path: string;
  size: number;
  /** The bytes, base64-encoded. */
  data: string;
}

/**
 * `CodeExecutionAgent`'s reply (wire format `CodeResponse`): `{status: 'success', output}` or
 * `{status: 'error', error, traceback}`, with `stdout`, `stderr` and `display` when not empty.
 *
 * @example
 * const reply = CodeResponse.fromJson(message.payload);
 * if (reply.status === 'error') console.error(reply.traceback ?? reply.error);
 */
export class CodeResponse extends Payload implements CodeResponseFields {
  static readonly format = 'CodeResponse';

  readonly status: 'success' | 'error';
  declare readonly output?: JsonValue;
  declare readonly stdout?: string;
  declare readonly stderr?: string;
  declare readonly display?: string;
  declare readonly error?: string;
  declare readonly traceback?: string;
  declare readonly state_reset?: boolean;
  declare readonly results?: JsonObject[];
  declare readonly output_files?: CodeResponseFile[];

  constructor(fields: CodeResponseFields) {
    super();
    this.status = fields.status;
    // Only the fields that carry something, so the message stays as small as the answer.
    for (const [key, value] of Object.entries(fields)) {
      const empty = value === '' || value === false || (Array.isArray(value) && value.length === 0);
      if (key !== 'status' && value !== undefined && !empty) {
        (this as Record<string, unknown>)[key] = value;
      }
    }
  }

  /** The reply for one executor result. */
  static fromResult(result: ExecutionResult, outputName = 'output'): CodeResponse {
    const common = {
      stdout: result.stdout,
      stderr: result.stderr,
      ...(result.displayValue !== undefined && { display: result.displayValue }),
      state_reset: result.stateReset,
      results: result.results
        .filter((r) => Object.keys(r.data).some((mime) => mime !== 'text/plain'))
        .map((r) => ({ isMainResult: r.isMainResult, data: r.data })),
      output_files: result.outputFiles.map((file) => ({
        path: file.path,
        size: file.size,
        data: Buffer.from(file.bytes).toString('base64'),
      })),
    };
    if (result.success) {
      return new CodeResponse({
        status: 'success',
        output: result.globals[outputName] ?? NO_OUTPUT,
        ...common,
      });
    }
    return new CodeResponse({
      status: 'error',
      error: result.error ?? 'execution failed',
      ...(result.exception?.traceback && { traceback: result.exception.traceback }),
      ...common,
    });
  }

  static fromJson(json: JsonObject): CodeResponse {
    const fields = new PayloadFields(json, CodeResponse.format);
    const status = fields.string('status');
    const optional = (name: string) =>
      json[name] === undefined ? {} : { [name]: fields.string(name) };
    return new CodeResponse({
      status: status === 'success' ? 'success' : 'error',
      ...(json['output'] !== undefined && { output: fields.value('output') }),
      ...optional('stdout'),
      ...optional('stderr'),
      ...optional('display'),
      ...optional('error'),
      ...optional('traceback'),
      ...(json['state_reset'] !== undefined && { state_reset: fields.boolean('state_reset') }),
      ...(Array.isArray(json['results']) && {
        results: json['results'].filter(
          (r): r is JsonObject => typeof r === 'object' && r !== null && !Array.isArray(r),
        ),
      }),
      ...(json['output_files'] !== undefined && {
        output_files: fields.array('output_files').map((item, i) => {
          const file = new PayloadFields(
            typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {},
            `${CodeResponse.format}.output_files[${i}]`,
          );
          return {
            path: file.string('path'),
            size: file.number('size'),
            data: file.string('data'),
          };
        }),
      }),
    });
  }
}
