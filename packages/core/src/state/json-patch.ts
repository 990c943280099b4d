import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';

type Container = JsonObject | JsonValue[];

function invalid(text: string, op: JsonObject): GuildError {
  return new GuildError('STATE_UPDATE_INVALID', `JSON patch: ${text}`, {
    details: { operation: op },
  });
}

function parsePointer(pointer: JsonValue | undefined, op: JsonObject): string[] {
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
    throw invalid(`${JSON.stringify(pointer)} is not a JSON pointer`, op);
  }
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: JsonValue | undefined): value is Container {
  return typeof value === 'object' && value !== null;
}

function parentOf(doc: JsonValue, path: string[], op: JsonObject): Container {
  let node: JsonValue | undefined = doc;
  for (const token of path.slice(0, -1)) {
    node = isContainer(node)
      ? Array.isArray(node)
        ? node[Number(token)]
        : node[token]
      : undefined;
  }
  if (!isContainer(node)) throw invalid(`path ${JSON.stringify(op['path'])} does not exist`, op);
  return node;
}

function get(doc: JsonValue, path: string[], op: JsonObject): JsonValue {
  if (path.length === 0) return doc;
  const parent = parentOf(doc, path, op);
  const last = path.at(-1) ?? '';
  const value = Array.isArray(parent) ? parent[Number(last)] : parent[last];
  if (value === undefined) throw invalid(`path "${path.join('/')}" does not exist`, op);
  return value;
}

function remove(doc: JsonValue, path: string[], op: JsonObject): JsonValue {
  const value = get(doc, path, op);
  const parent = parentOf(doc, path, op);
  const last = path.at(-1) ?? '';
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else Reflect.deleteProperty(parent, last);
  return value;
}

function add(doc: JsonValue, at: { path: string[]; value: JsonValue }, op: JsonObject): JsonValue {
  const { path, value } = at;
  if (path.length === 0) return value;
  const parent = parentOf(doc, path, op);
  const last = path.at(-1) ?? '';
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw invalid(`array index "${last}" is out of range`, op);
    }
    parent.splice(index, 0, value);
  } else {
    parent[last] = value;
  }
  return doc;
}

function applyOne(doc: JsonValue, op: JsonObject): JsonValue {
  const path = parsePointer(op['path'], op);
  switch (op['op']) {
    case 'add':
      return add(doc, { path, value: structuredClone(op['value'] ?? null) }, op);
    case 'remove':
      if (path.length === 0) throw invalid('cannot remove the whole document', op);
      remove(doc, path, op);
      return doc;
    case 'replace':
      get(doc, path, op);
      if (path.length === 0) return structuredClone(op['value'] ?? null);
      remove(doc, path, op);
      return add(doc, { path, value: structuredClone(op['value'] ?? null) }, op);
    case 'move': {
      const value = remove(doc, parsePointer(op['from'], op), op);
      return add(doc, { path, value }, op);
    }
    case 'copy': {
      const value = structuredClone(get(doc, parsePointer(op['from'], op), op));
      return add(doc, { path, value }, op);
    }
    case 'test':
      if (JSON.stringify(get(doc, path, op)) !== JSON.stringify(op['value'])) {
        throw invalid(`test failed at ${JSON.stringify(op['path'])}`, op);
      }
      return doc;
    default:
      throw invalid(`unknown op ${JSON.stringify(op['op'])}`, op);
  }
}

/**
 * RFC 6902 JSON patch, all or nothing: returns the patched copy, or throws
 * `STATE_UPDATE_INVALID` naming the failing operation (then nothing changed).
 *
 * @example
 * applyJsonPatch({ n: 1 }, [{ op: 'replace', path: '/n', value: 2 }]); // { n: 2 }
 */
export function applyJsonPatch(target: JsonValue, operations: JsonObject[]): JsonValue {
  let doc = structuredClone(target);
  for (const op of operations) doc = applyOne(doc, op);
  return doc;
}
