/**
 * `@guildkit/core/testing`: contract suites a backend package runs against its own
 * implementation, so every bus and state store behaves alike, and the helpers they use.
 *
 * The suites (`runMessageBusContract`, `runStateManagerContract`) register Jest tests, so they
 * must be called inside a Jest test file; they load `@jest/globals` only when called (elsewhere
 * they throw `JEST_UNAVAILABLE`). `waitUntil`, `testMessage` and `quantile` need no Jest: importing this
 * module works in any Node process.
 *
 * @example
 * import { runMessageBusContract, runStateManagerContract, waitUntil } from '@guildkit/core/testing';
 * runStateManagerContract('RedisStateManager', () => new RedisStateManager({ url }));
 * runMessageBusContract('RedisMessageBus', () => new RedisMessageBus({ url }));
 * await waitUntil(() => received.length === 2, { what: 'two deliveries' });
 */
export { runStateManagerContract } from './state-manager-contract';
export {
  runMessageBusContract,
  type BusContractKit,
  type Collector,
  type MessageBusContractOptions,
} from './message-bus-contract';
export { quantile } from './quantile';
export { testMessage, type TestMessageFields } from './test-message';
export { waitUntil, type WaitUntilOptions } from './wait-until';
