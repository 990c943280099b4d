import { type DependencyResolver } from '../di/dependency-resolver';
import { GuildError } from '../errors/guild-error';
import { checkTimeout } from '../faults/deadline';
import { type Agent } from './agent';
import { type ProcessorDefinition } from './processor-definition';

/** One `dependsOn` entry, bound to its resolver and scope once, at launch. */
export interface BoundDependency {
  variableName: string;
  get(): Promise<unknown>;
}

/** A processor of one running agent, with its dependencies and its timeout settled. */
export interface BoundProcessor {
  definition: ProcessorDefinition;
  dependencies: BoundDependency[];
  /** Milliseconds, or null for no limit. */
  timeoutMs: number | null;
}

function bindDependency(
  agent: Agent,
  dependency: ProcessorDefinition['dependsOn'][number],
  resolvers: ReadonlyMap<string, DependencyResolver>,
): BoundDependency {
  const resolver = resolvers.get(dependency.dependencyKey);
  if (resolver === undefined) {
    throw new GuildError(
      'DEPENDENCY_NOT_FOUND',
      `dependency "${dependency.dependencyKey}" was not loaded for agent "${agent.id}".`,
      { details: { agentId: agent.id, key: dependency.dependencyKey } },
    );
  }
  const { orgId, guildId, id } = agent;
  const get = dependency.orgLevel
    ? () => resolver.getOrResolve(orgId)
    : dependency.guildLevel
      ? () => resolver.getOrResolve(orgId, guildId)
      : () => resolver.getOrResolve(orgId, guildId, id);
  return { variableName: dependency.variableName, get };
}

/**
 * Binds a processor to the agent's resolvers and timeout; throws (failing the launch) for a
 * missing resolver or an invalid timeout setting.
 */
export function bindProcessor(
  agent: Agent,
  definition: ProcessorDefinition,
  resolvers: ReadonlyMap<string, DependencyResolver>,
): BoundProcessor {
  const own = definition.timeoutMs;
  const timeoutMs = checkTimeout(
    own === undefined ? agent.processorTimeoutMs : own,
    own === undefined
      ? `processorTimeoutMs (processor_timeout_ms) of agent "${agent.id}"`
      : `timeoutMs of processor "${definition.methodName}" of agent "${agent.id}"`,
  );
  return {
    definition,
    dependencies: definition.dependsOn.map((d) => bindDependency(agent, d, resolvers)),
    timeoutMs,
  };
}
