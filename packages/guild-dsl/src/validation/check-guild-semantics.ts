import { type GuildSpec } from '@guildkit/core';
import { closestName } from '@guildkit/core';
import { checkClassName } from './class-name-check';
import { type ProblemCollector } from './problem-collector';

/** Names the validator checks `class_name`s against (registered names and aliases). */
export interface KnownClassNames {
  agentClasses?: Iterable<string>;
  resolverClasses?: Iterable<string>;
  /**
   * Ids of the agents this process hosts (`guildkit run --agents`): only their class names
   * (and own dependency_map) are checked, as the others load in other processes. Default: all.
   */
  hostedAgents?: Iterable<string>;
}

function toSet(names: Iterable<string> | undefined): ReadonlySet<string> | undefined {
  return names === undefined ? undefined : new Set(names);
}

/**
 * Checks what a schema cannot: unique agent ids and names, class names that resolve, and
 * `additional_dependencies` that name a declared dependency.
 */
export function checkGuildSemantics(
  input: { spec: GuildSpec; baseDir: string; known: KnownClassNames },
  collector: ProblemCollector,
): void {
  const { spec, baseDir } = input;
  const agentClasses = toSet(input.known.agentClasses);
  const resolverClasses = toSet(input.known.resolverClasses);
  const hosted = toSet(input.known.hostedAgents);
  const checkResolvers = (map: GuildSpec['dependencyMap'], prefix: (string | number)[]): void => {
    for (const [key, dep] of Object.entries(map)) {
      const path = [...prefix, 'dependency_map', key, 'class_name'];
      checkClassName(
        { className: dep.className, path, kind: 'resolver', known: resolverClasses, baseDir },
        collector,
      );
    }
  };
  checkResolvers(spec.dependencyMap, []);
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  spec.agents.forEach((agent, index) => {
    const path = ['agents', index];
    const sameId = ids.get(agent.id);
    if (sameId !== undefined) {
      collector.add({
        code: 'DUPLICATE_ID',
        path: [...path, 'id'],
        message: `agent id '${agent.id}' is already used by agents[${sameId}]; ids must be unique`,
      });
    }
    const sameName = names.get(agent.name);
    if (sameName !== undefined && agent.name !== '') {
      collector.add({
        code: 'DUPLICATE_ID',
        path: [...path, 'name'],
        message: `agent name '${agent.name}' is already used by agents[${sameName}]; names must be unique`,
      });
    }
    ids.set(agent.id, ids.get(agent.id) ?? index);
    names.set(agent.name, names.get(agent.name) ?? index);
    if (hosted !== undefined && !hosted.has(agent.id)) return;
    checkClassName(
      {
        className: agent.className,
        path: [...path, 'class_name'],
        kind: 'agent',
        known: agentClasses,
        baseDir,
      },
      collector,
    );
    checkResolvers(agent.dependencyMap, path);
    const declared = Object.keys({ ...spec.dependencyMap, ...agent.dependencyMap });
    agent.additionalDependencies.forEach((key, i) => {
      if (declared.includes(key)) return;
      collector.add({
        path: [...path, 'additional_dependencies', i],
        message: `dependency '${key}' is not in the agent's or the guild's dependency_map; declare it there`,
        suggestion: closestName(key, declared),
      });
    });
  });
}
