import { type JsonObject } from '../messaging/json';

/** Upstream's `StateUpdateFormat`: RFC 7386 merge patch or RFC 6902 JSON patch. */
export type StateUpdateFormat = 'json-merge-patch' | 'json-patch';

/** Whose state: the guild's (no `agentId`) or one agent's. */
export interface StateOwnerKey {
  guildId: string;
  agentId?: string;
}

/** A state as stored: the JSON document, its version (0 before any update) and when it changed. */
export interface StateSnapshot {
  state: JsonObject;
  version: number;
  /** Milliseconds since the Unix epoch of the last update (0 before any update). */
  timestamp: number;
}

export interface StateUpdateRequest extends StateOwnerKey {
  /** Default `json-merge-patch`. */
  updateFormat?: StateUpdateFormat;
  /** A merge patch object, or for `json-patch` an array of operations (or `{ operations }`). */
  stateUpdate: JsonObject | JsonObject[];
  /** The version the update was computed from; a different current version refuses the update. */
  updateVersion?: number;
  /**
   * Upstream's `update_path` (`aggregations["id"]`, `agents.health`): the update applies to the
   * value there (an absent one is `{}`), which is then written back, creating missing parents.
   */
  updatePath?: string;
}

/**
 * Where agent and guild state live (upstream's `StateManager`). Implementations must apply
 * updates atomically per owner and refuse a versioned update whose `updateVersion` is not the
 * current version (`GuildError` `STATE_VERSION_CONFLICT`), so no update is silently lost.
 * `runStateManagerContract` (core's `src/__tests__`) is the test suite every implementation passes.
 *
 * @example
 * const manager = new InMemoryStateManager();
 * const { version } = await manager.updateState({ guildId: 'g', stateUpdate: { count: 1 } });
 * await manager.updateState({ guildId: 'g', stateUpdate: { count: 2 }, updateVersion: version });
 */
export interface StateManager {
  getState(owner: StateOwnerKey): Promise<StateSnapshot>;
  updateState(request: StateUpdateRequest): Promise<StateSnapshot>;
  close?(): Promise<void> | void;
}
