import { type Agent } from '../agent/agent';
import { machineIdsOf } from '../bus/machine-id-allocator';
import { type MessageBus, type Subscription } from '../bus/message-bus';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { type Message } from '../messaging/message';
import { ActivityTracker } from './activity-tracker';
import { GuildMessenger, type MessageListener } from './guild-messenger';
import { shutDownGuild, shutdownFailure } from './guild-shutdown';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { GuildRoster } from './guild-roster';
import { type GuildPublishOptions, GuildServices } from './guild-services';
import { MachineIdLeases } from './machine-id-leases';
import { type ShutdownLimits, shutdownLimits, type ShutdownOptions } from './shutdown-options';

export interface GuildInit {
  /** The whole guild, including agents other processes host. */
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

export type { GuildPublishOptions } from './guild-services';

function notStarted(): GuildError {
  return new GuildError(
    'GUILD_SHUT_DOWN',
    'The guild was not started; launch it with GuildBuilder.',
  );
}

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
  private readonly roster: GuildRoster;
  private readonly messenger: GuildMessenger;
  /** Machine ids held by this process: agents by id, and the guild's own services. */
  private readonly leases: MachineIdLeases;
  private services: GuildServices | undefined;
  private shuttingDown: Promise<void> | undefined;

  constructor(private readonly init: GuildInit) {
    this.baseSpec = init.spec;
    this.id = init.spec.id;
    this.name = init.spec.name;
    this.orgId = init.orgId;
    this.messenger = new GuildMessenger({
      bus: init.bus,
      namespace: init.spec.id,
      tracker: new ActivityTracker(),
      recordHistory: JSON.stringify(init.spec.routes).includes('enrich_with_history'),
    });
    this.leases = new MachineIdLeases(machineIdsOf(init.bus), init.spec.id);
    this.roster = new GuildRoster({ ...init, messenger: this.messenger, leases: this.leases });
  }

  /**
   * @internal Starts the guild's own services in this process: the client that `publish` uses
   * and the state service on `state_topic`, each with a machine id of its own.
   */
  async start(): Promise<void> {
    this.services = await GuildServices.start({
      guildId: this.id,
      messenger: this.messenger,
      leases: this.leases,
      state: this.init.state,
      routes: this.baseSpec.routes,
    });
  }

  /** The whole guild's spec: every agent, hosted here or elsewhere (not removed). */
  get spec(): GuildSpec {
    return { ...this.baseSpec, agents: this.listAgents() };
  }

  /**
   * Launches one more agent in this process (also one of the spec hosted elsewhere, to share
   * its work); resolves with the running instance.
   */
  launchAgent(spec: AgentSpec): Promise<Agent> {
    if (this.shuttingDown !== undefined) return Promise.reject(this.shutDownError());
    return this.roster.launch(spec);
  }

  /** The spec of an agent of the guild, wherever it runs (upstream's `get_agent`). */
  getAgent(id: string): AgentSpec | undefined {
    return this.roster.get(id);
  }

  /** Where this guild's agent and guild state live. */
  get stateManager(): StateManager {
    return this.init.state;
  }

  /** The agent instance, when this process hosts it (e.g. to inspect it in a test). */
  getAgentInstance(id: string): Agent | undefined {
    return this.roster.instance(id);
  }

  /** Every agent of the guild, wherever it runs, in spec order. */
  listAgents(): AgentSpec[] {
    return this.roster.list();
  }

  /**
   * The agents running in this process (`launch(org, { agents })` chooses them; all by
   * default); the others of `listAgents()` run elsewhere.
   */
  listHostedAgents(): AgentSpec[] {
    return this.roster.listHosted();
  }

  /** How many agents run in this process. */
  get agentCount(): number {
    return this.roster.hostedCount;
  }

  /**
   * Stops one agent (queued messages answered with `GUILD_SHUTTING_DOWN`, the one in progress
   * given `graceMs`) and disposes its own dependencies; unknown ids throw `AGENT_NOT_FOUND`.
   */
  removeAgent(id: string, options: ShutdownOptions = {}): Promise<void> {
    return this.roster.remove(id, options);
  }

  /** Publishes a message into the guild from outside (a CLI, a test, a gateway). */
  publish(options: GuildPublishOptions): Promise<Message> {
    if (this.shuttingDown !== undefined) return Promise.reject(this.shutDownError());
    if (this.services === undefined) return Promise.reject(notStarted());
    return this.services.publish(options);
  }

  /**
   * Observes every message published in this guild, by any process on its bus (each listener
   * gets its own copy). Resolves once the tap is in place.
   *
   * @example
   * const tap = await guild.onMessage((m, topic) => console.log(topic, m.format));
   * await tap.unsubscribe();
   */
  onMessage(listener: MessageListener): Promise<Subscription> {
    return this.messenger.observe(listener);
  }

  /**
   * Resolves once no message is queued or being processed anywhere in the guild: by the agents
   * hosted here, and (for a networked bus) by every other process, as the bus counts deliveries
   * not yet acknowledged.
   */
  idle(): Promise<void> {
    return this.messenger.idle();
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
    const parts = {
      runtimes: this.roster.takeHosted(),
      releaseServices: async () => {
        await this.services?.stop();
        await this.leases.releaseAll();
      },
      container: this.init.container,
      state: this.init.state,
      ...(this.init.ownsBus ? { ownBus: this.init.bus } : {}),
    };
    const errors = await shutDownGuild(parts, limits);
    if (errors.length > 0) throw shutdownFailure(`Guild "${this.name}" shut down`, errors);
  }

  private shutDownError(): GuildError {
    return new GuildError(
      'GUILD_SHUT_DOWN',
      `Guild "${this.name}" is shut down; launch a new one.`,
    );
  }
}
