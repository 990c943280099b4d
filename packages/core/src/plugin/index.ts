/**
 * `@guildkit/core/plugin`: what a package that adds a messaging backend, resolvers or agents
 * to Guildkit uses. Core never names such a package: the package registers its names here on
 * import, or declares them in its package.json (`PluginDeclaration`, field `"guildkit"`) so a
 * spec naming one loads it without an import.
 *
 * @example
 * import { messagingBackendRegistry } from '@guildkit/core/plugin';
 * messagingBackendRegistry.register('RedisMessagingBackend', RedisMessageBus, {
 *   aliases: ['rustic_ai.redis.messaging.backend.RedisMessagingBackend'],
 * });
 */
export {
  messagingBackendRegistry,
  type MessageBusClass,
} from '../registry/messaging-backend-registry';
export {
  discoverPlugins,
  registerPluginManifest,
  PLUGIN_MANIFEST_FIELD,
  type PluginDeclaration,
} from '../registry/discover-plugins';
export { resolverRegistry } from '../registry/resolver-registry';
export { stateManagerRegistry, type StateManagerClass } from '../registry/state-manager-registry';
export { agentRegistry } from '../registry/agent-registry';
export {
  InMemoryMachineIdAllocator,
  machineIdsExhausted,
  MACHINE_ID_COUNT,
  type MachineIdAllocator,
  type MachineIdLease,
} from '../bus/machine-id-allocator';
// A state store computes each update as the in-memory one does (merge patch, JSON patch,
// `updatePath`), so every backend applies updates identically.
export { applyStateUpdate } from '../state/in-memory-state-manager';
