import { type DependencySpec } from '../di/dependency-spec';
import { type JsonObject } from '../messaging/json';
import { type RoutingSlip } from '../messaging/routing-slip';

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
  /**
   * Runtime predicates by processor method name (upstream's `predicates`): a message for which
   * the predicate is false is not processed by that method. `{ predicate_type: 'jsonata_fn',
   * expression }` (the default type) or `{ predicate_type: 'type_equals', expected_type }`.
   */
  predicates?: Record<string, JsonObject>;
}

export type { RoutingSlip } from '../messaging/routing-slip';

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
