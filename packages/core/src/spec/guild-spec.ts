import { type DependencySpec } from '../di/dependency-spec';
import { type JsonObject } from '../messaging/json';

/**
 * One agent of a guild. Structural fields are camelCase; `properties` is the agent's own
 * configuration, kept as written.
 */
export interface AgentSpec {
  id: string;
  name: string;
  description: string;
  /** A registered agent class name or alias, or a `package#Export` specifier. */
  className: string;
  properties: JsonObject;
  additionalTopics: string[];
  listenToDefaultTopic: boolean;
  actOnlyWhenTagged: boolean;
  dependencyMap: Record<string, DependencySpec>;
  additionalDependencies: string[];
}

/** Routing steps are loaded and kept verbatim (upstream's `routes.steps[]`). */
export interface RoutingSlip {
  steps: JsonObject[];
}

/**
 * A whole guild. `properties` holds upstream's guild properties as written (`messaging`
 * `{backend_module, backend_class, backend_config}`, `execution_engine`, ...).
 */
export interface GuildSpec {
  id: string;
  name: string;
  description: string;
  properties: JsonObject;
  agents: AgentSpec[];
  dependencyMap: Record<string, DependencySpec>;
  routes: RoutingSlip;
}
