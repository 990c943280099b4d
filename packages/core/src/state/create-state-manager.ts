import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { stateManagerRegistry } from '../registry/state-manager-registry';
import { InMemoryStateManager } from './in-memory-state-manager';
import { type StateManager } from './state-manager';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The state manager `properties.state_manager` names (default: in memory), built with
 * `properties.state_manager_config`. Names come from `stateManagerRegistry` (plugins add theirs,
 * e.g. `RedisStateManager`); an unknown name throws `SPEC_INVALID` listing the known ones.
 *
 * @example
 * await createStateManager({ state_manager: 'InMemoryStateManager' });
 */
export async function createStateManager(
  properties: JsonObject,
  options: { basePath?: string } = {},
): Promise<StateManager> {
  const name = properties['state_manager'];
  if (name === undefined || name === null) return new InMemoryStateManager();
  if (typeof name !== 'string') {
    throw new GuildError('SPEC_INVALID', 'properties.state_manager must be a class name.', {
      details: { field: 'properties.state_manager' },
    });
  }
  let Manager;
  try {
    Manager = await stateManagerRegistry.resolve(name, options);
  } catch (error) {
    if (!GuildError.is(error, 'CLASS_NOT_FOUND')) throw error;
    throw new GuildError(
      'SPEC_INVALID',
      `properties.state_manager: unknown state manager ${JSON.stringify(name)}. Known: ` +
        `${stateManagerRegistry.knownNames().join(', ')}.`,
      { details: { field: 'properties.state_manager' }, cause: error },
    );
  }
  const config = properties['state_manager_config'];
  return new Manager(isObject(config) ? config : {});
}
