import { ownValue } from '@guildkit/core';
import { messagingBackendRegistry } from '@guildkit/core/plugin';
import { type ProblemCollector } from './problem-collector';

/** Upstream execution engines whose specs Guildkit's in-process engine runs as written. */
export const SUPPORTED_EXECUTION_ENGINES: readonly string[] = [
  'SyncExecutionEngine',
  'MultiThreadedEngine',
];

type Raw = Record<string, unknown>;

const shortName = (className: string): string => className.split(/[.#]/).pop() ?? className;

function mapping(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : undefined;
}

/**
 * Refuses guild `properties` that ask for a runtime Guildkit does not have (a messaging backend
 * no installed plugin provides, a multiprocess or Ray execution engine): `validate` says so,
 * instead of the guild silently running on something other than what the spec asks for.
 * Messaging backends are those of `messagingBackendRegistry` (discover plugins first), or a
 * `package#Export` class.
 *
 * @example
 * checkGuildRuntime({ execution_engine: 'rustic_ai.ray.execution.ray_exec_engine.RayExecutionEngine' }, collector);
 */
export function checkGuildRuntime(properties: unknown, collector: ProblemCollector): void {
  const props = mapping(properties);
  if (props === undefined) return;
  const engine = ownValue(props, 'execution_engine');
  if (typeof engine === 'string' && !SUPPORTED_EXECUTION_ENGINES.includes(shortName(engine))) {
    collector.add({
      path: ['properties', 'execution_engine'],
      message: `Guildkit cannot run execution engine '${engine}'; it runs agents in-process (use ${SUPPORTED_EXECUTION_ENGINES.join(' or ')}, or remove the key)`,
    });
  }
  const messaging = mapping(ownValue(props, 'messaging'));
  const backend = messaging === undefined ? undefined : ownValue(messaging, 'backend_class');
  if (typeof backend !== 'string' || backend.includes('#')) return;
  const module = ownValue(messaging ?? {}, 'backend_module');
  const named = typeof module === 'string' ? `${module}.${backend}` : backend;
  if (messagingBackendRegistry.has(named) || messagingBackendRegistry.has(backend)) return;
  const known = messagingBackendRegistry.knownNames().filter((name) => !name.includes('.'));
  collector.add({
    path: ['properties', 'messaging', 'backend_class'],
    message:
      `Guildkit cannot run messaging backend '${named}': no installed package provides it ` +
      `(known: ${known.join(', ')}). Add the package that does (its package.json declares it ` +
      `under "guildkit.messaging") to the project's dependencies, or remove properties.messaging`,
  });
}
