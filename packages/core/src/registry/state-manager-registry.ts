import { type JsonObject } from '../messaging/json';
import { InMemoryStateManager } from '../state/in-memory-state-manager';
import { type StateManager } from '../state/state-manager';
import { ClassRegistry, classWithMethods } from './class-registry';

/** A `StateManager` class, built with upstream's `properties.state_manager_config`. */
export type StateManagerClass = new (config: JsonObject) => StateManager;

/**
 * State manager names of `properties.state_manager` (upstream's short or dotted names). Core
 * knows only the in-memory one; a plugin registers its own on import, or declares them in its
 * package.json (`"guildkit": { "stateManagers": { "RedisStateManager": "#RedisStateManager" } }`).
 *
 * @example
 * stateManagerRegistry.register('RedisStateManager', RedisStateManager, {
 *   aliases: ['rustic_ai.redis.state.manager.RedisStateManager'],
 * });
 */
export const stateManagerRegistry = new ClassRegistry<StateManagerClass>({
  kind: 'state manager',
  notFoundCode: 'CLASS_NOT_FOUND',
  accepts: classWithMethods<StateManagerClass>('getState', 'updateState'),
}).register('InMemoryStateManager', InMemoryStateManager, {
  aliases: ['rustic_ai.core.state.manager.in_memory_state_manager.InMemoryStateManager'],
});
