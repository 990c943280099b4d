import { type Agent } from '../agent/agent';
import { type AgentClass } from '../agent/agent-class';
import { type DependencySpec } from '../di/dependency-spec';
import { type JsonObject } from '../messaging/json';
import { agentRegistry } from '../registry/agent-registry';
import { type AgentSpec } from '../spec/guild-spec';
import { randomId, validateNamed } from './validate-spec';

/**
 * Fluent builder for an `AgentSpec`. Given a class, it registers it in `agentRegistry` under
 * its class name (unless already registered) and uses that name as `className`.
 *
 * @example
 * const spec = new AgentBuilder(EchoAgent)
 *   .setId('echo')
 *   .setName('Echo')
 *   .setDescription('Echoes every message')
 *   .addAdditionalTopic('echo_topic')
 *   .buildSpec();
 */
export class AgentBuilder<A extends Agent = Agent> {
  private id: string | undefined;
  private name: string | undefined;
  private description: string | undefined;
  private properties: JsonObject = {};
  private readonly additionalTopics: string[] = [];
  private listensToDefaultTopic = true;
  private onlyWhenTagged = false;
  private dependencyMap: Record<string, DependencySpec> = {};
  private additionalDependencies: string[] = [];
  private predicates: Record<string, JsonObject> = {};

  /** @param agentClass the class, or a registered name / `package#Export` specifier. */
  constructor(private readonly agentClass: AgentClass<A> | string) {}

  setId(id: string): this {
    this.id = id;
    return this;
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  setDescription(description: string): this {
    this.description = description;
    return this;
  }

  /** The agent's own configuration, kept as written (usually snake_case keys). */
  setProperties(properties: JsonObject): this {
    this.properties = structuredClone(properties);
    return this;
  }

  addAdditionalTopic(topic: string): this {
    if (!this.additionalTopics.includes(topic)) this.additionalTopics.push(topic);
    return this;
  }

  listenToDefaultTopic(listen: boolean): this {
    this.listensToDefaultTopic = listen;
    return this;
  }

  actOnlyWhenTagged(only: boolean): this {
    this.onlyWhenTagged = only;
    return this;
  }

  /** Agent-level dependencies; they override the guild's entries with the same key. */
  setDependencyMap(map: Record<string, DependencySpec>): this {
    this.dependencyMap = structuredClone(map);
    return this;
  }

  addDependencyResolver(key: string, spec: DependencySpec): this {
    this.dependencyMap[key] = structuredClone(spec);
    return this;
  }

  /** Keys to load although no processor declares them (upstream's `additional_dependencies`). */
  setAdditionalDependencies(keys: string[]): this {
    this.additionalDependencies = [...keys];
    return this;
  }

  addAdditionalDependency(key: string): this {
    if (!this.additionalDependencies.includes(key)) this.additionalDependencies.push(key);
    return this;
  }

  /**
   * A runtime predicate for one processor method (upstream's `add_predicate`): messages for
   * which it is false are not processed by that method.
   *
   * @example
   * builder.addPredicate('handle', { predicate_type: 'jsonata_fn', expression: 'message.payload.n > 10' });
   */
  addPredicate(methodName: string, predicate: JsonObject): this {
    this.predicates[methodName] = structuredClone(predicate);
    return this;
  }

  buildSpec(): AgentSpec {
    const { name, description } = validateNamed({
      kind: 'agent',
      name: this.name,
      description: this.description,
    });
    return {
      id: this.id ?? randomId(),
      name,
      description,
      className: this.className(),
      properties: structuredClone(this.properties),
      additionalTopics: [...this.additionalTopics],
      listenToDefaultTopic: this.listensToDefaultTopic,
      actOnlyWhenTagged: this.onlyWhenTagged,
      dependencyMap: structuredClone(this.dependencyMap),
      additionalDependencies: [...this.additionalDependencies],
      ...(Object.keys(this.predicates).length === 0
        ? {}
        : { predicates: structuredClone(this.predicates) }),
    };
  }

  private className(): string {
    if (typeof this.agentClass === 'string') return this.agentClass;
    const registered = agentRegistry.nameOf(this.agentClass);
    if (registered !== undefined) return registered;
    agentRegistry.register(this.agentClass.name, this.agentClass);
    return this.agentClass.name;
  }
}
