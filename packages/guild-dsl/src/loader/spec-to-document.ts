import {
  type AgentSpec,
  type DependencySpec,
  type GuildSpec,
  type JsonObject,
} from '@guildkit/core';

function dependencyMap(map: Record<string, DependencySpec>): JsonObject {
  const result: JsonObject = {};
  for (const [key, spec] of Object.entries(map)) {
    result[key] = { class_name: spec.className, properties: spec.properties ?? {} };
  }
  return result;
}

function agentDocument(agent: AgentSpec): JsonObject {
  const doc: JsonObject = {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    class_name: agent.className,
  };
  if (Object.keys(agent.properties).length > 0) doc['properties'] = agent.properties;
  if (agent.additionalTopics.length > 0) doc['additional_topics'] = agent.additionalTopics;
  if (!agent.listenToDefaultTopic) doc['listen_to_default_topic'] = false;
  if (agent.actOnlyWhenTagged) doc['act_only_when_tagged'] = true;
  if (Object.keys(agent.dependencyMap).length > 0) {
    doc['dependency_map'] = dependencyMap(agent.dependencyMap);
  }
  if (agent.additionalDependencies.length > 0) {
    doc['additional_dependencies'] = agent.additionalDependencies;
  }
  return doc;
}

/**
 * The snake_case document of a `GuildSpec`, as a guild YAML file writes it. Values equal to
 * their defaults are left out, so `specFromDocument(specToDocument(spec))` equals `spec`.
 *
 * @example
 * stringify(specToDocument(builder.buildSpec()));
 */
export function specToDocument(spec: GuildSpec): JsonObject {
  const doc: JsonObject = { id: spec.id, name: spec.name, description: spec.description };
  if (Object.keys(spec.properties).length > 0) doc['properties'] = spec.properties;
  if (Object.keys(spec.dependencyMap).length > 0) {
    doc['dependency_map'] = dependencyMap(spec.dependencyMap);
  }
  doc['agents'] = spec.agents.map(agentDocument);
  if (spec.routes.steps.length > 0) doc['routes'] = { steps: spec.routes.steps };
  return doc;
}
