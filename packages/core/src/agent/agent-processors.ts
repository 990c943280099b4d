import { type AgentDependency } from '../di/agent-dependency';
import { GuildError } from '../errors/guild-error';
import { Agent } from './agent';
import { type AgentClass } from './agent-class';
import { type ProcessorDefinition } from './processor-definition';
import { ownProcessors } from './record-processor';

function prototypeChain(ctor: AgentClass): object[] {
  const chain: object[] = [];
  let proto: object | null = ctor.prototype as object;
  while (proto !== null && proto !== Object.prototype) {
    chain.push(proto);
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return chain;
}

/**
 * The processors of an agent class, base classes first; a subclass processor with the same
 * method name replaces the inherited one. Read at launch, so a `defineProcessor` call made
 * after the class is defined counts.
 *
 * @example
 * getProcessors(EchoAgent).map((p) => p.format);
 */
export function getProcessors(ctor: AgentClass): ProcessorDefinition[] {
  const byName = new Map<string, ProcessorDefinition>();
  for (const proto of prototypeChain(ctor).reverse()) {
    for (const definition of ownProcessors(proto)) byName.set(definition.methodName, definition);
  }
  return [...byName.values()];
}

/**
 * Every dependency an agent class's processors declare (upstream's `list_all_dependencies`),
 * de-duplicated by key with the subclass winning.
 *
 * @example
 * getAgentDependencies(CodeAgent).map((d) => d.dependencyKey); // ['code_executor']
 */
export function getAgentDependencies(ctor: AgentClass): AgentDependency[] {
  const byKey = new Map<string, AgentDependency>();
  for (const proto of prototypeChain(ctor)) {
    for (const definition of ownProcessors(proto)) {
      for (const dependency of definition.dependsOn) {
        if (!byKey.has(dependency.dependencyKey)) byKey.set(dependency.dependencyKey, dependency);
      }
    }
  }
  return [...byKey.values()];
}

/**
 * Throws `PROCESSOR_INVALID` for an agent class that would ignore every message: no processor
 * is recorded for it, which is usually a decorator that was compiled away or never applied.
 * Launch calls it; a class that only publishes opts out with
 * `static readonly receivesMessages = false`.
 *
 * @example
 * assertHasProcessors(EchoAgent); // throws, naming the class and its methods, if it has none
 */
export function assertHasProcessors(ctor: AgentClass): void {
  if (getProcessors(ctor).length > 0) return;
  if ((ctor as { receivesMessages?: unknown }).receivesMessages === false) return;
  const methods = [
    ...new Set(prototypeChain(ctor).flatMap((proto) => Object.getOwnPropertyNames(proto))),
  ].filter((name) => !(name in Agent.prototype));
  throw new GuildError(
    'PROCESSOR_INVALID',
    `${ctor.name} has no processors, so it would ignore every message` +
      `${methods.length > 0 ? ` (its methods: ${methods.join(', ')})` : ''}. ` +
      'Mark a method with @processor(format) (legacy and standard decorators both work), or in ' +
      `plain JavaScript call defineProcessor(${ctor.name}, 'method', { payload: 'Format' }) after the class. ` +
      'If @processor is in the source, the compiler dropped it: compile decorators (TypeScript ' +
      'does; for Babel or swc enable decorator support). An agent that only publishes sets ' +
      '`static readonly receivesMessages = false`.',
    { details: { agentClass: ctor.name, methods } },
  );
}
