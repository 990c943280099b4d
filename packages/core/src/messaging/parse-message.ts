import { GuildError } from '../errors/guild-error';
import { GemstoneId } from './gemstone-id';
import { type JsonObject, type JsonValue } from './json';
import { type Message } from './message';
import { isPriority } from './priority';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: JsonValue | undefined): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function optional(json: JsonObject, key: string, ok: (v: JsonValue) => boolean): boolean {
  const value = json[key];
  return value === undefined || value === null || ok(value);
}

const count = (v: JsonValue): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The optional fields upstream's routing carries (see `OPTIONAL_MESSAGE_FIELDS`). */
function carriedProblems(json: JsonObject): string[] {
  const found: string[] = [];
  if (!optional(json, 'ttl', count)) found.push('ttl must be a non-negative integer or null');
  if (!optional(json, 'traceparent', (v) => typeof v === 'string')) {
    found.push('traceparent must be a string or null');
  }
  if (!optional(json, 'conversationId', (v) => typeof v === 'string')) {
    found.push('conversationId must be an id string or null');
  }
  if (!optional(json, 'enrichWithHistory', count)) {
    found.push('enrichWithHistory must be a non-negative integer');
  }
  const stack = (v: JsonValue): boolean =>
    Array.isArray(v) && v.every((e) => isObject(e) && typeof e['guildId'] === 'string');
  if (!optional(json, 'originGuildStack', stack)) {
    found.push('originGuildStack must be an array of {guildId, sagaId}');
  }
  return found;
}

function problems(json: JsonObject): string[] {
  const found: string[] = [];
  const id = json['id'];
  if (typeof id !== 'string') found.push('id must be a GemstoneId string');
  else {
    try {
      GemstoneId.parse(id);
    } catch (error) {
      found.push((error as Error).message);
    }
  }
  if (!isStringArray(json['topics']) || json['topics'].length === 0) {
    found.push('topics must be a non-empty array of strings');
  }
  if (!isObject(json['sender'])) found.push('sender must be an object {id, name}');
  if (typeof json['format'] !== 'string' || json['format'].length === 0) {
    found.push('format must be a non-empty string');
  }
  if (!isObject(json['payload'])) found.push('payload must be a JSON object');
  if (json['inResponseTo'] !== null && typeof json['inResponseTo'] !== 'string') {
    found.push('inResponseTo must be a string or null');
  }
  if (!isStringArray(json['thread'])) found.push('thread must be an array of ids');
  if (!Array.isArray(json['recipientList'])) found.push('recipientList must be an array');
  if (!isPriority(json['priority'])) found.push('priority must be an integer 0..7');
  if (typeof json['timestamp'] !== 'number') found.push('timestamp must be a number');
  if (typeof json['isErrorMessage'] !== 'boolean') found.push('isErrorMessage must be a boolean');
  if (!Array.isArray(json['messageHistory'])) found.push('messageHistory must be an array');
  found.push(...carriedProblems(json));
  return found;
}

/**
 * Checks that a JSON value (e.g. read from a networked bus) is a well-formed `Message`.
 * Throws `MESSAGE_INVALID` listing every problem found.
 *
 * @example
 * const message = parseMessage(JSON.parse(raw));
 */
export function parseMessage(json: JsonValue): Message {
  if (!isObject(json)) {
    throw new GuildError('MESSAGE_INVALID', 'A message must be a JSON object.');
  }
  const found = problems(json);
  if (found.length > 0) {
    throw new GuildError('MESSAGE_INVALID', `Invalid message: ${found.join('; ')}.`, {
      details: { problems: found },
    });
  }
  return json as unknown as Message;
}
