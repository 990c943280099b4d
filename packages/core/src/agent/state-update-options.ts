import { type JsonObject } from '../messaging/json';
import {
  type StateOwnerKey,
  type StateUpdateFormat,
  type StateUpdateRequest,
} from '../state/state-manager';

/** How `updateAgentState` / `updateGuildState` apply an update. */
export interface StateUpdateOptions {
  /** Default `json-merge-patch`. */
  format?: StateUpdateFormat;
  /** Refuse the update (`STATE_VERSION_CONFLICT`) unless the state is at this version. */
  version?: number;
  /** Apply the update to the value at this path (upstream's `update_path`, e.g. `a["b"]`). */
  path?: string;
}

/** The state manager's request for an update of `owner`'s state, with the options that are set. */
export function stateUpdateRequest(
  owner: StateOwnerKey,
  update: JsonObject | JsonObject[],
  options: StateUpdateOptions,
): StateUpdateRequest {
  return {
    ...owner,
    stateUpdate: update,
    ...(options.format === undefined ? {} : { updateFormat: options.format }),
    ...(options.version === undefined ? {} : { updateVersion: options.version }),
    ...(options.path === undefined ? {} : { updatePath: options.path }),
  };
}
