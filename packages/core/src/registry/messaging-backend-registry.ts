import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { type MessageBus } from '../bus/message-bus';
import { type JsonObject } from '../messaging/json';
import { ClassRegistry, classWithMethods } from './class-registry';

/** A `MessageBus` class, built with upstream's `properties.messaging.backend_config`. */
export type MessageBusClass = new (config: JsonObject) => MessageBus;

/**
 * Messaging backend names of `properties.messaging.backend_class` (upstream's, e.g.
 * `RedisMessagingBackend`, or `backend_module.backend_class`). Core knows only the in-memory
 * bus; a plugin package registers its own on import, or declares them in its package.json
 * (`"guildkit": { "messaging": { "RedisMessagingBackend": "#RedisMessageBus" } }`) so a spec
 * naming one loads it (see `discoverPlugins`).
 *
 * @example
 * messagingBackendRegistry.register('RedisMessagingBackend', RedisMessageBus, {
 *   aliases: ['rustic_ai.redis.messaging.backend.RedisMessagingBackend'],
 * });
 */
export const messagingBackendRegistry = new ClassRegistry<MessageBusClass>({
  kind: 'messaging backend',
  notFoundCode: 'CLASS_NOT_FOUND',
  accepts: classWithMethods<MessageBusClass>('publish', 'subscribe'),
}).register('InMemoryMessagingBackend', InMemoryMessageBus, {
  aliases: ['InMemoryMessageBus', 'rustic_ai.core.messaging.backend.InMemoryMessagingBackend'],
});
