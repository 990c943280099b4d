import { Payload, PayloadFields, type JsonObject } from '@guildkit/core';

/** One piece of output, in the order the code produced it. */
export type CodeOutputEvent =
  | { type: 'stdout' | 'stderr'; text: string }
  /** A rich result (`display(obj)`, the last expression, a figure): `{isMainResult, data}`. */
  | { type: 'result'; result: JsonObject };

/**
 * Output of a streaming `CodeRequest` (`stream: true`) while it runs (wire format `CodeOutput`),
 * sent in answer to the request before its final `CodeResponse`. `seq` counts the request's
 * `CodeOutput` messages from 0, so a receiver can restore their order; `events` holds what was
 * produced since the previous one (output is batched: at most one message per 20 ms, 64 KiB of
 * text per message). Concatenating every message's events gives the response's `stdout`,
 * `stderr` and `results`.
 *
 * @example
 * if (message.format === CodeOutput.format) {
 *   for (const event of CodeOutput.fromJson(message.payload).events) {
 *     if (event.type === 'stdout') process.stdout.write(event.text);
 *   }
 * }
 */
export class CodeOutput extends Payload {
  static readonly format = 'CodeOutput';

  constructor(
    readonly seq: number,
    readonly events: CodeOutputEvent[],
  ) {
    super();
  }

  static fromJson(json: JsonObject): CodeOutput {
    const fields = new PayloadFields(json, CodeOutput.format);
    const events: CodeOutputEvent[] = [];
    for (const item of fields.array('events')) {
      const event = new PayloadFields(
        typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {},
        `${CodeOutput.format}.events[]`,
      );
      const type = event.string('type');
      if (type === 'result') events.push({ type, result: event.object('result') });
      else if (type === 'stdout' || type === 'stderr')
        events.push({ type, text: event.string('text') });
    }
    return new CodeOutput(fields.number('seq'), events);
  }
}
