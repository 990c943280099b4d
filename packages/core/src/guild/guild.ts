import { type Agent } from '../agent/agent';
import { BusOutbox } from '../agent/bus-outbox';
import { type MessageBus } from '../bus/message-bus';
import { type DependencyContainer } from '../di/guild-container';
import { GuildError } from '../errors/guild-error';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { DEFAULT_TOPIC } from '../messaging/topics';
import { ActivityTracker } from './activity-tracker';
import { GuildMessenger, type MessageListener } from './guild-messenger';
import { type AgentSpec, type GuildSpec } from './guild-spec';
import { launchAgent, type LaunchedAgent } from './launch-agent';

export interface GuildInit {
  spec: GuildSpec;
  orgId: string;
  bus: MessageBus;
  /** Close the bus at shutdown (true unless the caller passed its own bus). */
  ownsBus: boolean;
  container: DependencyContainer;
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
      tracker: this.tracker,
      container: this.init.container,
      ...(this.init.basePath === undefined ? {} : { basePath: this.init.basePath }),
    });
    this.agents.set(spec.id, launched);
    return launched.runtime.agent;
  }

  /** The spec of a running agent (upstream's `get_agent`). */
  getAgent(id: string): AgentSpec | undefined {
    return this.agents.get(id)?.runtime.agent.spec;
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

  /** Stops one agent and disposes its own dependencies; unknown ids throw `AGENT_NOT_FOUND`. */
  async removeAgent(id: string): Promise<void> {
    const launched = this.agents.get(id);
    if (launched === undefined) {
      throw new GuildError(
        'AGENT_NOT_FOUND',
        `No agent "${id}" in guild "${this.name}". Running agents: ${[...this.agents.keys()].join(', ') || '(none)'}.`,
        { details: { agentId: id } },
      );
    }
    this.agents.delete(id);
    await launched.runtime.stop();
    await launched.ownContainer?.dispose();
  }

  /** Publishes a message into the guild from outside (a CLI, a test, a gateway). */
  publish(options: GuildPublishOptions): Promise<Message> {
    if (this.shuttingDown !== undefined) return Promise.reject(this.shutDownError());
    const topics = options.topics ?? DEFAULT_TOPIC;
    return this.client.publish({
      topics: typeof topics === 'string' ? [topics] : topics,
      format: options.format,
      payload: options.payload,
      ...(options.sender === undefined ? {} : { sender: options.sender }),
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...(options.recipientList === undefined ? {} : { recipientList: options.recipientList }),
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
   * Stops every agent (`onStop`), disposes every resolved dependency and resolver with
   * `close()`/`dispose()`, and closes the bus if the guild created it. Idempotent.
   */
  shutdown(): Promise<void> {
    this.shuttingDown ??= this.stopAll();
    return this.shuttingDown;
  }

  private async stopAll(): Promise<void> {
    const errors: unknown[] = [];
    const launched = [...this.agents.values()];
    this.agents.clear();
    for (const agent of launched) {
      await agent.runtime.stop().catch((error: unknown) => errors.push(error));
    }
    errors.push(...(await this.init.container.dispose()));
    if (this.init.ownsBus)
      await this.init.bus.close().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) {
      throw new GuildError(
        'SHUTDOWN_FAILED',
        `Guild "${this.name}" shut down, but ${errors.length} step(s) failed: ` +
          errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; '),
        { cause: new AggregateError(errors) },
      );
    }
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
