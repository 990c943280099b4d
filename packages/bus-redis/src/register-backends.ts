import { messagingBackendRegistry, stateManagerRegistry } from '@guildkit/core/plugin';
import { RedisMessageBus } from './bus/redis-message-bus';
import { RedisStateManager } from './state/redis-state-manager';

// Upstream's names for its Redis backend, so its specs' `properties.messaging` loads unchanged
// once this package is imported (or, without an import, through the `guildkit` field of this
// package's package.json, which core's discoverPlugins reads).
messagingBackendRegistry.register('RedisMessagingBackend', RedisMessageBus, {
  aliases: [
    'rustic_ai.redis.messaging.backend.RedisMessagingBackend',
    '@guildkit/bus-redis#RedisMessageBus',
  ],
});

// `properties.state_manager: RedisStateManager` (with `state_manager_config`), as upstream.
stateManagerRegistry.register('RedisStateManager', RedisStateManager, {
  aliases: ['rustic_ai.redis.state.manager.RedisStateManager'],
});
