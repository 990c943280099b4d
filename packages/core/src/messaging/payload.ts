import { type JsonObject } from './json';

const rawBrand = Symbol.for('@guildkit/core/JsonDict');

/**
 * What `@processor` accepts to type and validate a payload: a class (or object) with a
 * static wire `format` and a static `fromJson` that validates and throws on a bad payload.
 * Extend `Payload` to get a `toJSON` that serialises the instance's own fields.
 *
 * @example
 * class CodeRequest extends Payload {
 *   static readonly format = 'CodeRequest';
 *   constructor(readonly code: string, readonly language = 'python') { super(); }
 *   static fromJson(json: JsonObject): CodeRequest {
 *     const f = new PayloadFields(json, CodeRequest.format);
 *     return new CodeRequest(f.string('code'), f.string('language', 'python'));
 *   }
 * }
 */
export interface PayloadClass<T = unknown> {
  readonly format: string;
  fromJson(json: JsonObject): T;
}

/** Base class for typed payloads; see `PayloadClass` for the static side. */
export abstract class Payload {
  /** The instance's own enumerable fields, as JSON. */
  toJSON(): JsonObject {
    return { ...(this as unknown as JsonObject) };
  }
}

/**
 * The raw payload type (upstream's `JsonDict`): a processor declared with it receives every
 * non-essential message, whatever its format, with the payload as a plain JSON object.
 *
 * @example
 * @processor(JsonDict)
 * record(ctx: ProcessContext<JsonObject>) { this.seen.push(ctx.payload); }
 */
export const JsonDict: PayloadClass<JsonObject> = {
  format: 'generic_json',
  fromJson: (json) => json,
  [rawBrand]: true,
} as PayloadClass<JsonObject>;

/** True for `JsonDict` (from any copy of the package). */
export function isRawPayload(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && rawBrand in payload;
}

/** The format a payload value is sent with: its class's static `format`, if any. */
export function formatOf(payload: object): string | undefined {
  const ctor = (payload as { constructor?: { format?: unknown } }).constructor;
  const format = ctor?.format;
  return typeof format === 'string' ? format : undefined;
}
