import { type JsonObject, type JsonValue } from '../messaging/json';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 7386 JSON merge patch: objects merge key by key, `null` deletes, anything else replaces.
 * Returns a new value; `target` is not changed.
 *
 * @example
 * applyMergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }); // { a: 1, b: { d: 3 } }
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return structuredClone(patch);
  const base = isObject(target) ? target : {};
  const removed = new Set(Object.keys(patch).filter((key) => patch[key] === null));
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(base)) if (!removed.has(key)) result[key] = value;
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null) result[key] = applyMergePatch(base[key], value);
  }
  return result;
}
