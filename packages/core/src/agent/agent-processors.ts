import 'reflect-metadata';
import { type AgentDependency } from '../di/agent-dependency';
import { type AgentClass } from './agent';
import { PROCESSORS_METADATA_KEY } from './metadata-keys';
import { type ProcessorDefinition } from './processor-definition';

const cache = new WeakMap<AgentClass, ProcessorDefinition[]>();

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
 * method name replaces the inherited one.
 *
 * @example
 * getProcessors(EchoAgent).map((p) => p.format);
 */
export function getProcessors(ctor: AgentClass): ProcessorDefinition[] {
  let found = cache.get(ctor);
  if (found === undefined) {
    const byName = new Map<string, ProcessorDefinition>();
    for (const proto of prototypeChain(ctor).reverse()) {
      const own = Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, proto) as
        ProcessorDefinition[] | undefined;
      for (const definition of own ?? []) byName.set(definition.methodName, definition);
    }
    found = [...byName.values()];
    cache.set(ctor, found);
  }
  return found;
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
    const own = Reflect.getOwnMetadata(PROCESSORS_METADATA_KEY, proto) as
      ProcessorDefinition[] | undefined;
    for (const definition of own ?? []) {
      for (const dependency of definition.dependsOn) {
        if (!byKey.has(dependency.dependencyKey)) byKey.set(dependency.dependencyKey, dependency);
      }
    }
  }
  return [...byKey.values()];
}
