import { Agent } from '../agent/agent';
import { type AgentPublishOptions } from '../agent/agent-publish-options';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { GuildError } from '../errors/guild-error';
import { type Guild } from '../guild/guild';
import { type AgentSpec } from '../spec/guild-spec';
import { type Message } from '../messaging/message';
import { JsonDict } from '../messaging/payload';
import { ERROR_TOPIC } from '../messaging/topics';
import { agentRegistry } from '../registry/agent-registry';

export interface ProbeOptions {
  id?: string;
  name?: string;
  /** Topics to listen to besides `default_topic` (and `error_topic`). */
  topics?: string[];
  /** Default true. */
  listenToDefaultTopic?: boolean;
  /** Listen to `error_topic` too; default true. */
  listenToErrors?: boolean;
}

interface Waiter {
  done: (messages: readonly Message[]) => boolean;
  resolve: (messages: Message[]) => void;
  reject: (error: GuildError) => void;
}

/**
 * A test agent that publishes messages and collects every message it receives (on its
 * topics, `default_topic` and `error_topic` by default), so you can test your own agents
 * against a real guild.
 *
 * @example
 * const probe = await ProbeAgent.join(guild, { topics: ['echo_topic'] });
 * await probe.publish({ topics: 'echo_topic', format: 'generic_json', payload: { hi: 1 } });
 * const [reply] = await probe.waitForMessages(1);
 */
export class ProbeAgent extends Agent {
  private readonly received: Message[] = [];
  private waiters: Waiter[] = [];

  /** The spec of a probe agent. */
  static spec(options: ProbeOptions = {}): AgentSpec {
    const topics = [
      ...(options.topics ?? []),
      ...(options.listenToErrors === false ? [] : [ERROR_TOPIC]),
    ];
    return {
      id: options.id ?? 'probe',
      name: options.name ?? 'Probe',
      description: 'Publishes test messages and collects what arrives',
      className: 'ProbeAgent',
      properties: {},
      additionalTopics: [...new Set(topics)],
      listenToDefaultTopic: options.listenToDefaultTopic ?? true,
      actOnlyWhenTagged: false,
      dependencyMap: {},
      additionalDependencies: [],
    };
  }

  /** Launches a probe in a running guild. */
  static async join(guild: Guild, options: ProbeOptions = {}): Promise<ProbeAgent> {
    const agent = await guild.launchAgent(ProbeAgent.spec(options));
    if (!(agent instanceof ProbeAgent)) {
      throw new GuildError(
        'AGENT_START_FAILED',
        'The "ProbeAgent" class name is registered to another class.',
      );
    }
    return agent;
  }

  /** Everything received so far, in arrival order. */
  get messages(): Message[] {
    return [...this.received];
  }

  clear(): void {
    this.received.length = 0;
  }

  override publish(options: AgentPublishOptions): Promise<Message> {
    return super.publish(options);
  }

  /**
   * Publishes with the guild's routes attached (upstream's `publish_dict_with_guild_route`), so
   * the routing slip decides where every reply goes.
   */
  publishWithGuildRoutes(options: AgentPublishOptions): Promise<Message> {
    return super.publish({ ...options, withGuildRoutes: true });
  }

  /**
   * Resolves with all messages received so far once there are at least `count`, or once one
   * matches `predicate`. Rejects with `TIMEOUT` (listing what did arrive) after `timeoutMs`,
   * and with `GUILD_SHUT_DOWN` when the probe stops first. The wait keeps the process alive.
   */
  waitForMessages(
    countOrPredicate: number | ((message: Message) => boolean),
    timeoutMs = 5000,
  ): Promise<Message[]> {
    const done =
      typeof countOrPredicate === 'number'
        ? (messages: readonly Message[]) => messages.length >= countOrPredicate
        : (messages: readonly Message[]) => messages.some(countOrPredicate);
    if (done(this.received)) return Promise.resolve(this.messages);
    return new Promise<Message[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const formats = this.received.map((m) => m.format);
        const wanted =
          typeof countOrPredicate === 'number'
            ? `${countOrPredicate} message(s)`
            : 'a matching message';
        reject(
          new GuildError(
            'TIMEOUT',
            `ProbeAgent "${this.id}" waited ${timeoutMs} ms for ${wanted}; got ${formats.length}: [${formats.join(', ')}].`,
            { details: { received: formats } },
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        done,
        resolve: (messages) => {
          clearTimeout(timer);
          resolve(messages);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  @processor(JsonDict, { handleEssential: true })
  collect(ctx: ProcessContext): void {
    this.received.push(ctx.message);
    const ready = this.waiters.filter((w) => w.done(this.received));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve(this.messages);
  }

  override onStop(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      waiter.reject(
        new GuildError(
          'GUILD_SHUT_DOWN',
          `ProbeAgent "${this.id}" stopped while waiting for messages; got ${this.received.length}.`,
        ),
      );
    }
  }
}

agentRegistry.register('ProbeAgent', ProbeAgent, {
  aliases: ['rustic_ai.core.agents.testutils.probe_agent.ProbeAgent'],
});
