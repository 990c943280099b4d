/**
 * Keys of upstream's guild spec models that Guildkit accepts but does not execute, with what
 * happens instead: the one list `validate` and `run` warn from (`UNSUPPORTED_KEY`, at the key's
 * file:line). A key whose value Guildkit cannot honour at all (a Redis or NATS backend, the Ray
 * or multiprocess engine) is refused instead, by `checkGuildRuntime`.
 */
export interface UnsupportedKey {
  /** Where the key sits: mapping keys, `*` for any list index; the last one is the key. */
  at: readonly string[];
  /**
   * Only values this test accepts are unsupported (with `what`, how the message names them);
   * without it, any value but an empty default (null, `{}`, `[]`, a mapping of those).
   */
  when?: { what: string; test: (value: unknown, parent: Record<string, unknown>) => boolean };
  /** What Guildkit does instead. */
  instead: string;
}

const shortName = (value: unknown): string =>
  typeof value === 'string' ? (value.split(/[.#]/).pop() ?? value) : '';

const IN_MEMORY_STATE_MANAGERS = ['InMemoryStateManager'];

/** Upstream keys Guildkit does not execute (see `UnsupportedKey`). */
export const UNSUPPORTED_KEYS: readonly UnsupportedKey[] = [
  {
    at: ['gateway'],
    instead:
      'no GatewayAgent is added; messages enter the guild through the bus (ProbeAgent, `guildkit run --send`)',
  },
  {
    at: ['configuration_schema'],
    instead: '`configuration` is rendered into agents and routes without being checked against it',
  },
  {
    at: ['properties', 'execution_engine'],
    when: {
      what: 'MultiThreadedEngine',
      test: (value) => shortName(value) === 'MultiThreadedEngine',
    },
    instead:
      "agents run on the guild's in-process event loop, as with SyncExecutionEngine, not on a thread each",
  },
  {
    at: ['properties', 'client_type'],
    when: {
      what: 'a messaging client other than SimpleClient',
      test: (value) => shortName(value) !== 'SimpleClient',
    },
    instead:
      "agents publish to and receive from the bus directly, as upstream's SimpleClient does; the client's own behaviour (tracking, retries, exactly-once, filtering, throttling, transforming) is not applied",
  },
  {
    at: ['properties', 'client_properties'],
    instead: 'there is no messaging client to configure; agents use the bus directly',
  },
  {
    at: ['properties', 'state_manager_config'],
    when: {
      what: 'configuration for InMemoryStateManager',
      test: (_, parent) =>
        parent['state_manager'] === undefined ||
        parent['state_manager'] === null ||
        IN_MEMORY_STATE_MANAGERS.includes(shortName(parent['state_manager'])),
    },
    instead: 'the in-memory state manager takes no configuration',
  },
  {
    at: ['agents', '*', 'resources'],
    instead:
      "no CPUs, GPUs or custom resources are reserved; the agent runs in the guild's process",
  },
  {
    at: ['agents', '*', 'qos'],
    instead:
      'no timeout, retry or latency target is applied from it; set a processor deadline with the agent property `processor_timeout_ms`',
  },
];

/**
 * The unconditional entries of `UNSUPPORTED_KEYS` whose key sits in the mapping at `parent`
 * (`['agents', '*']`), as a schema's `ignored` map: key → what happens instead.
 *
 * @example
 * ignoredKeysAt(['agents', '*']); // { resources: 'no CPUs, …', qos: 'no timeout, …' }
 */
export function ignoredKeysAt(parent: readonly string[]): Record<string, string> {
  const ignored: Record<string, string> = {};
  for (const entry of UNSUPPORTED_KEYS) {
    const key = entry.at[entry.at.length - 1];
    const at = entry.at.slice(0, -1);
    const same = at.length === parent.length && at.every((part, i) => part === parent[i]);
    if (key !== undefined && same && entry.when === undefined) ignored[key] = entry.instead;
  }
  return ignored;
}
