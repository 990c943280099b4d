import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { readJsonPath } from './json-path';
import { type StateUpdateFormat } from './state-manager';

/** The module of upstream's state message models: every state format is named under it. */
export const STATE_MODELS = 'rustic_ai.core.state.models.';

/**
 * The formats of upstream's state messages, as upstream's guild manager publishes them
 * (`get_qualified_class_name`). Requests are also accepted in the short spelling.
 */
export const StateFormat = {
  fetchRequest: `${STATE_MODELS}StateFetchRequest`,
  fetchResponse: `${STATE_MODELS}StateFetchResponse`,
  fetchError: `${STATE_MODELS}StateFetchError`,
  updateRequest: `${STATE_MODELS}StateUpdateRequest`,
  updateResponse: `${STATE_MODELS}StateUpdateResponse`,
  updateError: `${STATE_MODELS}StateUpdateError`,
} as const;

/** Whose state a state message is about: an agent's own or the guild's (upstream's `StateOwner`). */
export type StateOwner = 'agent' | 'guild';

/** The two state requests: a `StateFetchRequest` or a `StateUpdateRequest`. */
export type StateRequestKind = 'fetch' | 'update';

/** Which request a format names (`StateFetchRequest`, dotted or short), else undefined. */
export function stateRequestKind(format: string): StateRequestKind | undefined {
  const name = format.startsWith(STATE_MODELS) ? format.slice(STATE_MODELS.length) : format;
  if (name === 'StateFetchRequest') return 'fetch';
  if (name === 'StateUpdateRequest') return 'update';
  return undefined;
}

/** The payload of a `StateFetchResponse` or `StateUpdateResponse`, as `onStateUpdated` gets it. */
export interface StateResponse extends JsonObject {
  state_owner: StateOwner;
  guild_id: string;
  agent_id: string | null;
  state: JsonObject;
  version: number;
  timestamp: number;
}

/** A state request's fields, checked: what the guild's state service executes. */
export interface ParsedStateRequest {
  owner: StateOwner;
  agentId: string | undefined;
  statePath: string | undefined;
  updateFormat: StateUpdateFormat;
  stateUpdate: JsonObject;
  updatePath: string | undefined;
  updateVersion: number | undefined;
}

function invalid(field: string, expected: string, value: JsonValue | undefined): GuildError {
  return new GuildError(
    'STATE_UPDATE_INVALID',
    `Field "${field}" must be ${expected}; got ${value === undefined ? 'nothing' : JSON.stringify(value)}.`,
    { details: { field } },
  );
}

function optionalString(payload: JsonObject, field: string): string | undefined {
  const value = payload[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  return value;
}

/**
 * Checks a `StateFetchRequest` / `StateUpdateRequest` payload (upstream's pydantic models);
 * throws `STATE_UPDATE_INVALID` naming the field that is wrong.
 *
 * @example
 * parseStateRequest('fetch', { state_owner: 'guild', guild_id: 'g', state_path: 'a.b' });
 */
export function parseStateRequest(kind: StateRequestKind, payload: JsonObject): ParsedStateRequest {
  const owner = payload['state_owner'];
  if (owner !== 'agent' && owner !== 'guild') {
    throw invalid('state_owner', '"agent" or "guild"', owner);
  }
  const format = payload['update_format'] ?? 'json-merge-patch';
  if (format !== 'json-merge-patch' && format !== 'json-patch') {
    throw invalid('update_format', '"json-merge-patch" or "json-patch"', format);
  }
  const update = payload['state_update'];
  const isObject = typeof update === 'object' && update !== null && !Array.isArray(update);
  if (kind === 'update' && !isObject) throw invalid('state_update', 'an object', update);
  const version = payload['update_version'];
  if (version !== undefined && version !== null && !Number.isInteger(version)) {
    throw invalid('update_version', 'an integer', version);
  }
  return {
    owner,
    agentId: optionalString(payload, 'agent_id'),
    statePath: optionalString(payload, 'state_path'),
    updateFormat: format,
    stateUpdate: isObject ? update : {},
    updatePath: optionalString(payload, 'update_path'),
    updateVersion: typeof version === 'number' ? version : undefined,
  };
}

/**
 * The part of a state a `StateFetchRequest.state_path` names, as upstream's
 * `StateManager.get_state`: a mapping as it is, another value under the path's last
 * dot-separated part, and `{}` when the path holds nothing (or `null`).
 *
 * @example
 * subState({ a: { b: 1 } }, 'a.b'); // { b: 1 }
 */
export function subState(state: JsonObject, path: string): JsonObject {
  const value = readJsonPath(state, path);
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  return { [path.split('.').at(-1) ?? path]: value };
}
