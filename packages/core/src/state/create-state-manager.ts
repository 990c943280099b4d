import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';
import { InMemoryStateManager } from './in-memory-state-manager';
import { type StateManager } from './state-manager';

const IN_MEMORY_NAMES = [
  'InMemoryStateManager',
  'rustic_ai.core.state.manager.in_memory_state_manager.InMemoryStateManager',
];

/**
 * The state manager `properties.state_manager` names (default: in memory). An unknown name
 * throws `SPEC_INVALID` listing the known ones.
 *
 * @example
 * createStateManager({ state_manager: 'InMemoryStateManager' });
 */
export function createStateManager(properties: JsonObject): StateManager {
  const name = properties['state_manager'];
  if (name === undefined || name === null) return new InMemoryStateManager();
  if (typeof name === 'string' && IN_MEMORY_NAMES.includes(name)) {
    return new InMemoryStateManager();
  }
  throw new GuildError(
    'SPEC_INVALID',
    `properties.state_manager: unknown state manager ${JSON.stringify(name)}. Known: ` +
      `${IN_MEMORY_NAMES.join(', ')}.`,
    { details: { field: 'properties.state_manager' } },
  );
}
