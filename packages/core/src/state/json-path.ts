import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';

/** One step of a path: a mapping key or a list index. */
export type JsonPathSegment = string | number;

const SEGMENT =
  /\.?([A-Za-z_$][\w$-]*)|\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\d+))\s*\]/y;

/**
 * Parses the simple JSONPath upstream's state paths use (`$.a.b`, `aggregations["id"]`,
 * `users[0].name`): keys, quoted keys and list indexes, no wildcards or filters.
 *
 * @example
 * parseJsonPath('agents.health["a1"]'); // ['agents', 'health', 'a1']
 */
export function parseJsonPath(path: string): JsonPathSegment[] {
  const text = path.trim().replace(/^\$\.?/, '');
  const segments: JsonPathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const at = SEGMENT.lastIndex;
    const match = SEGMENT.exec(text);
    if (match === null || (at > 0 && match[1] !== undefined && text[at] !== '.')) {
      throw new GuildError(
        'STATE_UPDATE_INVALID',
        `Path ${JSON.stringify(path)}: cannot read it at character ${at + 1} (keys, ["quoted keys"] and [indexes] only).`,
      );
    }
    const [, key, double, single, index] = match;
    if (index !== undefined) segments.push(Number(index));
    else segments.push((key ?? double ?? single ?? '').replace(/\\(.)/g, '$1'));
  }
  return segments;
}

function child(value: JsonValue | undefined, segment: JsonPathSegment): JsonValue | undefined {
  if (Array.isArray(value)) return typeof segment === 'number' ? value[segment] : undefined;
  if (typeof value === 'object' && value !== null && typeof segment === 'string') {
    return Object.prototype.hasOwnProperty.call(value, segment) ? value[segment] : undefined;
  }
  return undefined;
}

/**
 * The value at `path` (upstream's `JsonUtils.read_from_path`), `undefined` when absent.
 *
 * @example
 * readJsonPath({ a: { b: [1, 2] } }, 'a.b[1]'); // 2
 */
export function readJsonPath(value: JsonValue, path: string): JsonValue | undefined {
  return parseJsonPath(path).reduce<JsonValue | undefined>((v, s) => child(v, s), value);
}

/**
 * A copy of `state` with `value` at `path`, creating missing mappings and lists on the way
 * (upstream's `JsonUtils.update_at_path`).
 *
 * @example
 * writeJsonPath({}, 'a["b"]', 1); // { a: { b: 1 } }
 */
export function writeJsonPath(state: JsonObject, path: string, value: JsonValue): JsonObject {
  const segments = parseJsonPath(path);
  if (segments.length === 0) {
    throw new GuildError('STATE_UPDATE_INVALID', `Path ${JSON.stringify(path)} names no key.`);
  }
  const root = structuredClone(state);
  let node: JsonValue = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    const container = node as Record<string | number, JsonValue>;
    if ((typeof segment === 'number') !== Array.isArray(node)) {
      throw new GuildError(
        'STATE_UPDATE_INVALID',
        `Path ${JSON.stringify(path)}: ${JSON.stringify(segment)} does not fit a ${Array.isArray(node) ? 'list' : 'mapping'}.`,
      );
    }
    if (Array.isArray(node)) while (node.length < Number(segment)) node.push(null);
    if (last) {
      container[segment] = value;
      return;
    }
    const existing = container[segment];
    if (typeof existing !== 'object' || existing === null) {
      container[segment] = typeof next === 'number' ? [] : {};
    }
    node = container[segment] as JsonValue;
  });
  return root;
}
