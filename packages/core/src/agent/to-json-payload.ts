import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';

/** A payload value as a JSON object: its `toJSON()` result, or the object itself. */
export function toJsonPayload(payload: object): JsonObject {
  const candidate = payload as { toJSON?: unknown };
  const json: unknown =
    typeof candidate.toJSON === 'function'
      ? (candidate.toJSON as () => unknown).call(payload)
      : payload;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new GuildError(
      'PAYLOAD_INVALID',
      `A message payload must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}.`,
    );
  }
  return json as JsonObject;
}
