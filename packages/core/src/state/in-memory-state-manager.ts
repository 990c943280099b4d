import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './json-merge-patch';
import { readJsonPath, writeJsonPath } from './json-path';
import {
  type StateManager,
  type StateOwnerKey,
  type StateSnapshot,
  type StateUpdateRequest,
} from './state-manager';

function keyOf(owner: StateOwnerKey): string {
  return owner.agentId === undefined
    ? `guild:${owner.guildId}`
    : `agent:${owner.guildId}:${owner.agentId}`;
}

function describe(owner: StateOwnerKey): string {
  return owner.agentId === undefined
    ? `guild "${owner.guildId}"`
    : `agent "${owner.agentId}" of guild "${owner.guildId}"`;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies one update request to a state (at `updatePath` when given, as upstream's
 * `apply_state_update`); throws `STATE_UPDATE_INVALID` on a bad update.
 */
export function applyStateUpdate(state: JsonObject, request: StateUpdateRequest): JsonObject {
  const path = request.updatePath;
  if (path !== undefined && path !== '') {
    return writeJsonPath(state, path, applyAt(readJsonPath(state, path) ?? {}, request));
  }
  const next = applyAt(state, request);
  if (!isObject(next)) {
    throw new GuildError('STATE_UPDATE_INVALID', 'A state must stay a JSON object.');
  }
  return next;
}

function applyAt(state: JsonValue, request: StateUpdateRequest): JsonValue {
  const update = request.stateUpdate;
  let next: JsonValue;
  if ((request.updateFormat ?? 'json-merge-patch') === 'json-patch') {
    const ops = Array.isArray(update) ? update : update['operations'];
    if (!Array.isArray(ops)) {
      throw new GuildError(
        'STATE_UPDATE_INVALID',
        'A json-patch state update must be an array of operations (or { operations: [...] }).',
      );
    }
    next = applyJsonPatch(state, ops as JsonObject[]);
  } else {
    if (Array.isArray(update)) {
      throw new GuildError(
        'STATE_UPDATE_INVALID',
        'A json-merge-patch state update must be a JSON object.',
      );
    }
    next = applyMergePatch(state, update);
  }
  return next;
}

/**
 * The default `StateManager` (upstream's `InMemoryStateManager`): states live in this process
 * and are lost when it exits. Selected by `properties.state_manager` `InMemoryStateManager`
 * (or upstream's dotted name), or when the property is absent.
 */
export class InMemoryStateManager implements StateManager {
  private readonly states = new Map<string, StateSnapshot>();

  getState(owner: StateOwnerKey): Promise<StateSnapshot> {
    const found = this.states.get(keyOf(owner));
    return Promise.resolve(
      found === undefined
        ? { state: {}, version: 0, timestamp: 0 }
        : { ...found, state: structuredClone(found.state) },
    );
  }

  updateState(request: StateUpdateRequest): Promise<StateSnapshot> {
    return new Promise((resolve) => {
      resolve(this.update(request));
    });
  }

  private update(request: StateUpdateRequest): StateSnapshot {
    const key = keyOf(request);
    const current = this.states.get(key) ?? { state: {}, version: 0, timestamp: 0 };
    if (request.updateVersion !== undefined && request.updateVersion !== current.version) {
      throw new GuildError(
        'STATE_VERSION_CONFLICT',
        `State of ${describe(request)} is at version ${current.version}, but the update was ` +
          `made for version ${request.updateVersion}: read the state again and retry.`,
        { details: { current: current.version, expected: request.updateVersion } },
      );
    }
    const next: StateSnapshot = {
      state: applyStateUpdate(current.state, request),
      version: current.version + 1,
      timestamp: Date.now(),
    };
    this.states.set(key, next);
    return { ...next, state: structuredClone(next.state) };
  }
}
