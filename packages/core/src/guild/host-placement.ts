import { getAgentDependencies } from '../agent/agent-processors';
import { GuildError } from '../errors/guild-error';
import { agentRegistry } from '../registry/agent-registry';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';

/**
 * The agents of `spec` this process hosts: all of them without `ids`, else those named (in
 * spec order). An id that is not an agent of the guild fails, listing the known ones.
 */
export function selectHostedAgents(spec: GuildSpec, ids?: readonly string[]): AgentSpec[] {
  if (ids === undefined) return spec.agents;
  const known = spec.agents.map((a) => a.id);
  const unknown = [...new Set(ids)].filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new GuildError(
      'AGENT_NOT_FOUND',
      `Cannot host ${unknown.map((id) => `"${id}"`).join(', ')}: not an agent of guild ` +
        `"${spec.name}". Its agents: ${known.join(', ') || '(none)'}.`,
      { details: { unknown, known } },
    );
  }
  return spec.agents.filter((a) => ids.includes(a.id));
}

/**
 * The dependency keys the hosted agents use (their processors' `dependsOn` and
 * `additional_dependencies`). An agent class that does not load adds nothing here: its
 * launch fails next, with the agent named.
 */
export async function hostedDependencyKeys(
  agents: readonly AgentSpec[],
  basePath?: string,
): Promise<Set<string>> {
  const keys = new Set<string>();
  const options = basePath === undefined ? {} : { basePath };
  for (const agent of agents) {
    for (const key of agent.additionalDependencies) keys.add(key);
    const agentClass = await agentRegistry.resolve(agent.className, options).catch(() => undefined);
    if (agentClass === undefined) continue;
    for (const dependency of getAgentDependencies(agentClass)) keys.add(dependency.dependencyKey);
  }
  return keys;
}
