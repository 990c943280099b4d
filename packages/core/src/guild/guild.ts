import { type Agent } from '../agent/agent';
import { BusOutbox } from '../agent/bus-outbox';
import { type MessageBus } from '../bus/message-bus';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { describeThrown } from '../faults/describe-thrown';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { DEFAULT_TOPIC } from '../messaging/topics';
import { ActivityTracker } from './activity-tracker';
import { GuildMessenger, type MessageListener } from './guild-messenger';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { launchAgent, type LaunchedAgent } from './launch-agent';
import { StateService } from './state-service';
import { type ShutdownLimits, shutdownLimits, type ShutdownOptions } from './shutdown-options';

export interface GuildInit {
  spec: GuildSpec;
  orgId: string;
  bus: MessageBus;
  /** Close the bus at shutdown (true unless the caller passed its own bus). */
  ownsBus: boolean;
  container: DependencyContainer;
  /** Where agent and guild state live (`properties.state_manager`). */
  state: StateManager;
  basePath?: string;
}

export interface GuildPublishOptions {
  /** Default: `default_topic`. */
  topics?: string | string[];
  format: string;
  payload: JsonObject;
  /** Default: `{ id: 'guild_client', name: 'Guild client' }`. */
  sender?: AgentTag;
  priority?: Priority;
  recipientList?: AgentTag[];
  /**
   * Attach the guild's routes so the routing slip decides where the replies go, as upstream's
   * user proxy does. Default: true when the guild has routes.
   */
  withGuildRoutes?: boolean;
}

const GUILD_CLIENT: AgentTag = { id: 'guild_client', name: 'Guild client' };

/**
 * A running guild: its agents, its bus namespace and its dependency container. Made by
 * `GuildBuilder.launch`.
 *
 * @example
 * const guild = await GuildBuilder.fromSpec(spec).launch('my-org');
 * const stop = guild.onMessage((m, topic) => console.log(topic, m.format, m.payload));
 * await guild.publish({ format: 'CodeRequest', payload: { code: 'print(1)' } });
 * await guild.idle();
 * stop();
 * await guild.shutdown();
 */
export class Guild {
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  private readonly baseSpec: GuildSpec;
  private readonly agents = new Map<string, LaunchedAgent>();
  private readonly tracker = new ActivityTracker();
  private readonly messenger: GuildMessenger;
  private readonly client: BusOutbox;
  private readonly clientIds = new GemstoneGenerator(0);
  private readonly stateService: StateService;
  private nextMachineId = 1;
  private shuttingDown: Promise<void> | undefined;

  constructor(private readonly init: GuildInit) {
    this.baseSpec = init.spec;
    this.id = init.spec.id;
    this.name = init.spec.name;
    this.orgId = init.orgId;
    this.messenger = new GuildMessenger(init.bus, init.spec.id, this.tracker);
    this.client = new BusOutbox({
      sender: GUILD_CLIENT,
      ids: this.clientIds,
      messenger: this.messenger,
    });
    this.stateService = new StateService(this.messenger, init.state, init.spec.id);
  }

  /** @internal Starts the guild's own services (the state service on `state_topic`). */
  start(): Promise<void> {
    return this.stateService.start();
  }

  /** The guild's spec, with the agents running now. */
  get spec(): GuildSpec {
    return { ...this.baseSpec, agents: this.listAgents() };
  }

  /** Launches one more agent; resolves with the running instance. */
  async launchAgent(spec: AgentSpec): Promise<Agent> {
    this.assertRunning();
    if (this.agents.has(spec.id)) {
      throw new GuildError(
        'AGENT_EXISTS',
        `Agent id "${spec.id}" already exists in guild "${this.name}".`,
        {
          details: { agentId: spec.id },
        },
      );
    }
    const launched = await launchAgent({
      spec,
      guildSpec: this.baseSpec,
      orgId: this.orgId,
      machineId: this.nextMachineId++,
      messenger: this.messenger,
      container: this.init.container,
      state: this.init.state,
      ...(this.init.basePath === undefined ? {} : { basePath: this.init.basePath }),
    });
    this.agents.set(spec.id, launched);
    return launched.runtime.agent;
  }

  /** The spec of a running agent (upstream's `get_agent`). */
  getAgent(id: string): AgentSpec | undefined {
    return this.agents.get(id)?.runtime.agent.spec;
  }

  /** Where this guild's agent and guild state live. */
  get stateManager(): StateManager {
    return this.init.state;
  }

  /** The running agent instance, e.g. to inspect it in a test. */
  getAgentInstance(id: string): Agent | undefined {
    return this.agents.get(id)?.runtime.agent;
  }

  listAgents(): AgentSpec[] {
    return [...this.agents.values()].map((a) => a.runtime.agent.spec);
  }

  get agentCount(): number {
    return this.agents.size;
  }

  /**
   * Stops one agent (queued messages answered with `GUILD_SHUTTING_DOWN`, the one in progress
   * given `graceMs`) and disposes its own dependencies; unknown ids throw `AGENT_NOT_FOUND`.
   */
  async removeAgent(id: string, options: ShutdownOptions = {}): Promise<void> {
    const launched = this.agents.get(id);
    if (launched === undefined) {
      throw new GuildError(
        'AGENT_NOT_FOUND',
        `No agent "${id}" in guild "${this.name}". Running agents: ${[...this.agents.keys()].join(', ') || '(none)'}.`,
        { details: { agentId: id } },
      );
    }
    const limits = shutdownLimits(options);
    if (GuildError.is(limits)) throw limits;
    const { graceMs, closeTimeoutMs } = limits;
    this.agents.delete(id);
    const errors = await launched.runtime.stop({ graceMs, hookTimeoutMs: closeTimeoutMs });
    errors.push(...((await launched.ownContainer?.dispose({ timeoutMs: closeTimeoutMs })) ?? []));
    if (errors.length > 0) throw this.failure(`Agent "${id}" was removed`, errors);
  }

  /** Publishes a message into the guild from outside (a CLI, a test, a gateway). */
  publish(options: GuildPublishOptions): Promise<Message> {
    if (this.shuttingDown !== undefined) return Promise.reject(this.shutDownError());
    const topics = options.topics ?? DEFAULT_TOPIC;
    const { routes } = this.baseSpec;
    const attach = options.withGuildRoutes ?? routes.steps.length > 0;
    return this.client.publish({
      topics: typeof topics === 'string' ? [topics] : topics,
      format: options.format,
      payload: options.payload,
      ...(options.sender === undefined ? {} : { sender: options.sender }),
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...(options.recipientList === undefined ? {} : { recipientList: options.recipientList }),
      // Shared, never changed in place: routing replaces used steps with copies.
      ...(attach ? { routingSlip: routes } : {}),
    });
  }

  /** Observes every message published in this guild (each listener gets its own copy). */
  onMessage(listener: MessageListener): () => void {
    return this.messenger.observe(listener);
  }

  /** Resolves once no message is queued or being processed anywhere in the guild. */
  async idle(): Promise<void> {
    do {
      await this.tracker.idle();
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (this.tracker.busy);
  }

  /**
   * Shuts the guild down, in bounded time: new publishes are refused; messages queued at any
   * agent are answered with an `ErrorMessage` `GUILD_SHUTTING_DOWN`; messages in progress get
   * `graceMs` to finish (then they are answered the same way); then all agents run `onStop`,
   * every resolved dependency and resolver is closed (`close()`/`dispose()`), and the bus is
   * closed if the guild created it, together within `closeTimeoutMs`. Agents stop in parallel.
   * Rejects with `SHUTDOWN_FAILED` listing the steps that failed or overran, after all of
   * them ran. Idempotent: later calls return the first shutdown.
   *
   * @example
   * await guild.shutdown({ graceMs: 10_000 });
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    if (this.shuttingDown === undefined) {
      const limits = shutdownLimits(options);
      if (GuildError.is(limits)) return Promise.reject(limits);
      this.shuttingDown = this.stopAll(limits);
    }
    return this.shuttingDown;
  }

  private async stopAll(limits: ShutdownLimits): Promise<void> {
    const launched = [...this.agents.values()];
    this.agents.clear();
    const runtimes = launched.map((agent) => agent.runtime);
    for (const runtime of runtimes) runtime.beginStop();
    await Promise.all(runtimes.map((runtime) => runtime.settle(limits.graceMs)));
    const until = Date.now() + limits.closeTimeoutMs;
    const errors = (
      await Promise.all(runtimes.map((runtime) => runtime.finishStop(limits.closeTimeoutMs)))
    ).flat();
    await this.stateService.stop();
    const left = (): number => Math.max(0, until - Date.now());
    // The guild container closes its children's (the agents' own maps') values too, all at once.
    errors.push(...(await this.init.container.dispose({ timeoutMs: left() })));
    const closed = await settleWithin(
      attemptAsync(() => this.init.state.close?.()),
      Math.max(100, left()),
    );
    if (closed.status === 'rejected') errors.push(closed.reason);
    if (this.init.ownsBus) {
      const closed = await settleWithin(
        attemptAsync(() => this.init.bus.close()),
        Math.max(100, left()),
      );
      if (closed.status === 'rejected') errors.push(closed.reason);
      if (closed.status === 'late') errors.push(new Error('closing the message bus timed out'));
    }
    if (errors.length > 0) throw this.failure(`Guild "${this.name}" shut down`, errors);
  }

  private failure(what: string, errors: unknown[]): GuildError {
    return new GuildError(
      'SHUTDOWN_FAILED',
      `${what}, but ${errors.length} step(s) failed: ` +
        errors.map((e) => describeThrown(e).message).join('; '),
      { cause: new AggregateError(errors) },
    );
  }

  private assertRunning(): void {
    if (this.shuttingDown !== undefined) throw this.shutDownError();
  }

  private shutDownError(): GuildError {
    return new GuildError(
      'GUILD_SHUT_DOWN',
      `Guild "${this.name}" is shut down; launch a new one.`,
    );
  }
}
