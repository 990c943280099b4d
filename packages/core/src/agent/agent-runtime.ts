import { type DependencyResolver } from '../di/dependency-resolver';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { describeThrown } from '../faults/describe-thrown';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type Message } from '../messaging/message';
import {
  agentInbox,
  DEFAULT_TOPIC,
  ESSENTIAL_TOPICS,
  SELF_INBOX_PREFIX,
  selfInbox,
} from '../messaging/topics';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { type Agent, type AgentClass, constructAgent } from './agent';
import { type Delivery, AgentMailbox } from './agent-mailbox';
import { type AgentMessenger } from './agent-messenger';
import { getProcessors } from './agent-processors';
import { type BoundProcessor, bindProcessor } from './bound-processor';
import { BusOutbox } from './bus-outbox';
import { ProcessorRunner } from './processor-runner';

const essentialTopics = new Set(ESSENTIAL_TOPICS);
/** How long a cut processor gets to publish its `GUILD_SHUTTING_DOWN` answer. */
const CUT_SETTLE_MS = 1000;

export interface AgentRuntimeInit {
  agentClass: AgentClass;
  spec: AgentSpec;
  guildSpec: GuildSpec;
  orgId: string;
  machineId: number;
  messenger: AgentMessenger;
  /** The agent's resolvers by dependency key, bound to its processors once, here. */
  resolvers: ReadonlyMap<string, DependencyResolver>;
  state: StateManager;
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`Guildkit: ${what}: ${describeThrown(error).message}`);
}

/**
 * Runs one agent: its subscriptions, its priority mailbox and the dispatch to processors.
 * Stopping takes three steps so a guild can stop its agents together: `beginStop` (answer
 * what is queued with `GUILD_SHUTTING_DOWN`), `settle` (give the message in progress its
 * grace), `finishStop` (unsubscribe, `onStop`).
 */
export class AgentRuntime {
  readonly agent: Agent;
  readonly topics: readonly string[];
  private readonly mailbox = new AgentMailbox();
  private readonly processors: BoundProcessor[];
  private readonly essential: BoundProcessor[];
  private readonly byFormat = new Map<string, BoundProcessor[]>();
  private readonly runner: ProcessorRunner;
  private readonly selfTopic: string;
  private draining: Promise<void> | undefined;
  private stopping = false;
  private cutOff = false;
  private finished: Promise<unknown[]> | undefined;

  constructor(private readonly init: AgentRuntimeInit) {
    const { spec } = init;
    const outbox = new BusOutbox({
      sender: { id: spec.id, name: spec.name },
      ids: new GemstoneGenerator(init.machineId % 256),
      messenger: init.messenger,
    });
    this.agent = constructAgent(init.agentClass, {
      spec,
      guildSpec: init.guildSpec,
      orgId: init.orgId,
      outbox,
      state: init.state,
    });
    this.processors = getProcessors(init.agentClass).map((definition) =>
      bindProcessor(this.agent, definition, init.resolvers),
    );
    this.essential = this.processors.filter((p) => p.definition.handleEssential);
    this.runner = new ProcessorRunner({ agent: this.agent, outbox });
    this.selfTopic = selfInbox(spec.id);
    this.topics = [
      ...new Set([
        ...spec.additionalTopics,
        ...(spec.listenToDefaultTopic ? [DEFAULT_TOPIC] : []),
        this.selfTopic,
        agentInbox(spec.id),
        ...ESSENTIAL_TOPICS,
      ]),
    ];
  }

  async start(): Promise<void> {
    const subscriber = { id: this.init.spec.id, handler: this.deliver };
    for (const topic of this.topics) await this.init.messenger.subscribe(topic, subscriber);
    await this.agent.onStart();
  }

  /** Unsubscribes, answers queued messages, gives the one in progress `graceMs`, then `onStop`. */
  async stop(options: { graceMs: number; hookTimeoutMs: number }): Promise<unknown[]> {
    this.beginStop();
    await this.settle(options.graceMs);
    return this.finishStop(options.hookTimeoutMs);
  }

  /** From now on, queued and newly arriving messages are answered with `GUILD_SHUTTING_DOWN`. */
  beginStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (let delivery = this.mailbox.take(); delivery !== undefined;) {
      this.refuse(delivery);
      this.init.messenger.end();
      delivery = this.mailbox.take();
    }
  }

  /** Waits up to `graceMs` for the message in progress; then cuts it (it gets its answer). */
  async settle(graceMs: number): Promise<void> {
    const draining = this.draining;
    if (draining === undefined) return;
    if ((await settleWithin(draining, graceMs)).status !== 'late') return;
    this.cutOff = true;
    this.runner.cutInFlight();
    await settleWithin(draining, CUT_SETTLE_MS);
  }

  /** Unsubscribes and runs `onStop` (at most `hookTimeoutMs`); returns what failed. */
  finishStop(hookTimeoutMs: number): Promise<unknown[]> {
    this.finished ??= this.unsubscribeAndStop(hookTimeoutMs);
    return this.finished;
  }

  private async unsubscribeAndStop(hookTimeoutMs: number): Promise<unknown[]> {
    this.beginStop();
    const { messenger, spec } = this.init;
    await Promise.all(this.topics.map((topic) => messenger.unsubscribe(topic, spec.id)));
    const outcome = await settleWithin(
      attemptAsync(() => this.agent.onStop()),
      hookTimeoutMs,
    );
    if (outcome.status === 'rejected') return [outcome.reason];
    if (outcome.status === 'late') {
      return [new Error(`onStop of agent "${spec.id}" did not finish within ${hookTimeoutMs} ms`)];
    }
    return [];
  }

  private readonly deliver = (message: Message, topic: string): void => {
    if (this.stopping) {
      this.refuse({ message, topic });
      return;
    }
    this.init.messenger.begin();
    this.mailbox.put({ message, topic });
    this.draining ??= this.drain();
  };

  private async drain(): Promise<void> {
    await Promise.resolve();
    try {
      for (
        let delivery = this.mailbox.take();
        delivery !== undefined;
        delivery = this.mailbox.take()
      ) {
        try {
          for (const bound of this.select(delivery.message, delivery.topic)) {
            if (this.cutOff) break;
            const running = this.runner.run(bound, delivery.message);
            if (running !== undefined) await running;
          }
        } catch (error) {
          warn(`agent "${this.init.spec.id}" failed to dispatch a message`, error);
        } finally {
          this.init.messenger.end();
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Answers a delivery that will not be processed, when some processor would have taken it. */
  private refuse(delivery: Delivery): void {
    const { message, topic } = delivery;
    if (message.isErrorMessage || topic === this.selfTopic || essentialTopics.has(topic)) return;
    const [first] = this.select(message, topic);
    if (first === undefined || !this.runner.tagged(message)) return;
    void this.runner.refuse(
      first,
      message,
      `Guild "${this.init.guildSpec.name}" is shutting down: agent "${this.init.spec.id}" did not process this message.`,
    );
  }

  private select(message: Message, topic: string): BoundProcessor[] {
    if (topic === this.selfTopic || essentialTopics.has(topic)) return this.essential;
    if (topic.startsWith(SELF_INBOX_PREFIX)) return [];
    let selected = this.byFormat.get(message.format);
    if (selected === undefined) {
      selected = this.processors.filter(
        (p) => p.definition.format === null || p.definition.format === message.format,
      );
      this.byFormat.set(message.format, selected);
    }
    return selected;
  }
}
