/**
 * `@guildkit/core/testing`: contract suites a backend package runs against its own
 * implementation (Jest; needs `@jest/globals`), so every bus and state store behaves alike.
 *
 * @example
 * import { runStateManagerContract } from '@guildkit/core/testing';
 * runStateManagerContract('RedisStateManager', () => new RedisStateManager({ url }));
 * runMessageBusContract('RedisMessageBus', () => new RedisMessageBus({ url }));
 */
export { runStateManagerContract } from './state-manager-contract';
export {
  runMessageBusContract,
  type BusContractKit,
  type Collector,
  type MessageBusContractOptions,
} from './message-bus-contract';
export { testMessage, type TestMessageFields } from './test-message';
export { waitUntil, type WaitUntilOptions } from './wait-until';
