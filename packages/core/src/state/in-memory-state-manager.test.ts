import { runStateManagerContract } from '../testing/state-manager-contract';
import { createStateManager } from './create-state-manager';
import { InMemoryStateManager } from './in-memory-state-manager';

runStateManagerContract('InMemoryStateManager', () => new InMemoryStateManager());

describe('createStateManager (properties.state_manager)', () => {
  it.each([
    [{}],
    [{ state_manager: 'InMemoryStateManager' }],
    [
      {
        state_manager: 'rustic_ai.core.state.manager.in_memory_state_manager.InMemoryStateManager',
      },
    ],
  ])('should give an in-memory manager for %j', async (properties) => {
    expect(await createStateManager(properties)).toBeInstanceOf(InMemoryStateManager);
  });

  it('should refuse an unknown state manager, naming the property and the known ones', async () => {
    await expect(
      createStateManager({ state_manager: 'rustic_ai.redis.state.RedisStateManager' }),
    ).rejects.toThrow(
      /properties\.state_manager: unknown state manager "rustic_ai\.redis\.state\.RedisStateManager"\. Known: InMemoryStateManager/,
    );
  });
});
