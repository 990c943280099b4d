import { type MessageBus } from '../bus/message-bus';
import { type DependencySpec } from '../di/dependency-spec';
import { DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { resolverRegistry } from '../registry/resolver-registry';
import { discoverPlugins } from '../registry/discover-plugins';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { createBus } from './create-bus';
import { Guild } from './guild';
import { type AgentSpec, type GuildSpec, type RoutingSlip } from '../spec/guild-spec';
import { randomId, validateNamed } from './validate-spec';
import { hostedDependencyKeys, selectHostedAgents } from './host-placement';
import { createStateManager } from '../state/create-state-manager';
import { type StateManager } from '../state/state-manager';
import { checkRoutes } from '../routing/check-routes';
import { type JsonObject as Step } from '../messaging/json';

export interface GuildLaunchOptions {
  /** Where `package#Export` class names resolve from first (e.g. the spec file's directory). */
  basePath?: string;
  /** Use this bus instead of the one `properties.messaging` describes; it is not closed at shutdown. */
  bus?: MessageBus;
  /**
   * Ids of the agents this process hosts; the others run in other processes sharing the bus.
   * Default: all. `[]`: a client-only process. Unknown ids fail with `AGENT_NOT_FOUND`. Only
   * the hosted agents' dependencies must load here (see `Guild.listHostedAgents`).
   */
  agents?: readonly string[];
}

export interface MessagingConfig {
  backendModule?: string;
  backendClass: string;
  backendConfig?: JsonObject;
}

/**
 * Fluent builder for a `GuildSpec`, and the way to launch a guild.
 *
 * @example
 * const guild = await new GuildBuilder()
 *   .setName('coders')
 *   .setDescription('Runs Python for its agents')
 *   .addDependencyResolver('code_executor', { className: 'PythonExecExecutorResolver', properties: {} })
 *   .addAgentSpec(new AgentBuilder(CodeAgent).setName('Coder').setDescription('Runs code').buildSpec())
 *   .launch('my-org');
 */
export class GuildBuilder {
  private id: string | undefined;
  private name: string | undefined;
  private description: string | undefined;
  private properties: JsonObject = {};
  private agents: AgentSpec[] = [];
  private dependencyMap: Record<string, DependencySpec> = {};
  private routes: RoutingSlip = { steps: [] };

  constructor(init: { id?: string; name?: string; description?: string } = {}) {
    this.id = init.id;
    this.name = init.name;
    this.description = init.description;
  }

  /** A builder holding a copy of `spec`. */
  static fromSpec(spec: GuildSpec): GuildBuilder {
    const builder = new GuildBuilder({
      id: spec.id,
      name: spec.name,
      description: spec.description,
    });
    builder.properties = structuredClone(spec.properties);
    builder.dependencyMap = structuredClone(spec.dependencyMap);
    builder.routes = structuredClone(spec.routes);
    for (const agent of spec.agents) builder.addAgentSpec(agent);
    return builder;
  }

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

  setProperty(key: string, value: JsonValue): this {
    this.properties[key] = structuredClone(value);
    return this;
  }

  /** Writes `properties.execution_engine` (kept for upstream spec compatibility). */
  setExecutionEngine(className: string): this {
    return this.setProperty('execution_engine', className);
  }

  /** Writes upstream's `properties.messaging {backend_module, backend_class, backend_config}`. */
  setMessaging(config: MessagingConfig): this {
    return this.setProperty('messaging', {
      backend_module: config.backendModule ?? 'rustic_ai.core.messaging.backend',
      backend_class: config.backendClass,
      backend_config: config.backendConfig ?? {},
    });
  }

  setDependencyMap(map: Record<string, DependencySpec>): this {
    this.dependencyMap = structuredClone(map);
    return this;
  }

  addDependencyResolver(key: string, spec: DependencySpec): this {
    this.dependencyMap[key] = structuredClone(spec);
    return this;
  }

  /** Adds an agent; a second agent with the same id throws `AGENT_EXISTS`. */
  addAgentSpec(spec: AgentSpec): this {
    if (this.agents.some((a) => a.id === spec.id)) {
      throw new GuildError(
        'AGENT_EXISTS',
        `Agent "${spec.name}" (id "${spec.id}") already exists in guild.`,
        {
          details: { agentId: spec.id },
        },
      );
    }
    this.agents.push(structuredClone(spec));
    return this;
  }

  setRoutes(routes: RoutingSlip): this {
    this.routes = structuredClone(routes);
    return this;
  }

  /**
   * Appends one routing step (upstream's `add_route`), e.g. from `RouteBuilder.build()`.
   *
   * @example
   * builder.addRoute(new RouteBuilder({ name: 'Splitter' }).setDestinationTopics('parts').build());
   */
  addRoute(step: Step): this {
    this.routes.steps.push(structuredClone(step));
    return this;
  }

  buildSpec(): GuildSpec {
    const { name, description } = validateNamed({
      kind: 'guild',
      name: this.name,
      description: this.description,
    });
    this.id ??= randomId();
    return {
      id: this.id,
      name,
      description,
      properties: structuredClone(this.properties),
      agents: structuredClone(this.agents),
      dependencyMap: structuredClone(this.dependencyMap),
      routes: structuredClone(this.routes),
    };
  }

  /**
   * Launches the guild and the agents this process hosts (all, or `options.agents`); on any
   * failure, nothing is left running.
   *
   * @example
   * // this process runs "coder"; another runs the rest of the guild on the same Redis bus
   * const guild = await GuildBuilder.fromSpec(spec).launch('org', { agents: ['coder'] });
   */
  async launch(orgId: string, options: GuildLaunchOptions = {}): Promise<Guild> {
    const spec = this.buildSpec();
    checkRoutes(spec);
    // Plugins installed in the spec's project declare the class names it may use.
    discoverPlugins(options.basePath === undefined ? {} : { basePath: options.basePath });
    const hosted = selectHostedAgents(spec, options.agents);
    const basePath = options.basePath === undefined ? {} : { basePath: options.basePath };
    const required =
      options.agents === undefined
        ? {}
        : { required: await hostedDependencyKeys(hosted, options.basePath) };
    const container = await DependencyContainer.create(
      spec.dependencyMap,
      { orgId, guildId: spec.id, owner: `guild "${spec.name}"`, ...basePath, ...required },
      resolverRegistry,
    );
    let bus: MessageBus | undefined;
    let state: StateManager;
    try {
      bus = options.bus ?? (await createBus(spec.properties, options.basePath));
      state = await createStateManager(spec.properties, basePath);
    } catch (error) {
      // Nothing is left running: not the resolvers, nor a networked bus this launch opened.
      await container.dispose().catch(() => undefined);
      if (options.bus === undefined) await bus?.close().catch(() => undefined);
      throw error;
    }
    const guild = new Guild({
      spec,
      orgId,
      bus,
      ownsBus: options.bus === undefined,
      container,
      state,
      ...basePath,
    });
    try {
      await guild.start();
      for (const agent of hosted) await guild.launchAgent(agent);
    } catch (error) {
      await guild.shutdown().catch(() => undefined);
      throw error;
    }
    return guild;
  }
}
