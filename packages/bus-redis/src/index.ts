import './register-backends';

export type { RedisBusErrorCode } from './errors/redis-bus-error';
export type { RedisConnectionConfig } from './config/redis-connection';
export type { RedisMessageBusOptions } from './config/redis-bus-settings';
export type { RedisStateManagerOptions } from './state/redis-state-manager';

export { RedisBusError } from './errors/redis-bus-error';
export { RedisMessageBus } from './bus/redis-message-bus';
export { RedisStateManager } from './state/redis-state-manager';
