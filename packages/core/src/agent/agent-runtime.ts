import { type Acknowledge, type Subscription } from '../bus/message-bus';
import { type DependencyResolver } from '../di/dependency-resolver';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { describeThrown } from '../faults/describe-thrown';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { enrichWithHistory } from '../messaging/enrich-history';
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
import { type Agent } from './agent';
import { type AgentClass } from './agent-class';
import { type Delivery, AgentMailbox } from './agent-mailbox';
import { type AgentMessenger } from './agent-messenger';
import { getProcessors } from './agent-processors';
import { type BoundProcessor, bindProcessor } from './bound-processor';
import { BusOutbox } from './bus-outbox';
import { constructAgent } from './construct-agent';
import { ProcessorRunner } from './processor-runner';
import { stateRefresherProcessors } from './state-refresher';
import { NONE, type Selection, split } from './processor-selection';

const essentialTopics = new Set(ESSENTIAL_TOPICS);
/** How long a cut processor gets to publish its `GUILD_SHUTTING_DOWN` answer. */
const CUT_SETTLE_MS = 1000;

export interface AgentRuntimeInit {
  agentClass: AgentClass;
  spec: AgentSpec;
  guildSpec: GuildSpec;
  orgId: string;
  /** Leased for this agent (`MachineIdAllocator`), unique among the guild's id sources. */
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
 * Runs one agent: its subscriptions, its priority mailbox and the dispatch to processors. The
 * mailbox feeds processors one message at a time; `onArrival` processors run as their message
 * arrives instead, beside the one in progress (control messages such as an interrupt).
 * Stopping takes three steps so a guild can stop its agents together: `beginStop` (answer
 * what is queued with `GUILD_SHUTTING_DOWN`), `settle` (give the message in progress its
 * grace), `finishStop` (unsubscribe, `onStop`).
 */
export class AgentRuntime {
  readonly agent: Agent;
  readonly topics: readonly string[];
  private readonly mailbox = new AgentMailbox();
  private readonly processors: BoundProcessor[];
  private readonly byFormat = new Map<string, Selection>();
  private readonly essentialByFormat = new Map<string, Selection>();
  /** `onArrival` processors in progress. */
  private readonly arriving = new Set<Promise<void>>();
  private readonly runner: ProcessorRunner;
  private readonly selfTopic: string;
  private draining: Promise<void> | undefined;
  private stopping = false;
  private cutOff = false;
  private finished: Promise<unknown[]> | undefined;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly init: AgentRuntimeInit) {
    const { spec } = init;
    const outbox = new BusOutbox({
      sender: { id: spec.id, name: spec.name },
      ids: new GemstoneGenerator(init.machineId),
      messenger: init.messenger,
    });
    this.agent = constructAgent(init.agentClass, {
      spec,
      guildSpec: init.guildSpec,
      orgId: init.orgId,
      outbox,
      state: init.state,
    });
    this.processors = [
      ...getProcessors(init.agentClass),
      ...stateRefresherProcessors(this.agent),
    ].map((definition) => bindProcessor(this.agent, definition, init.resolvers));
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
    for (const topic of this.topics) {
      this.subscriptions.push(await this.init.messenger.subscribe(topic, subscriber));
    }
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
      delivery.ack();
      this.init.messenger.end();
      delivery = this.mailbox.take();
    }
  }

  /** Waits up to `graceMs` for the messages in progress; then cuts them (they get their answer). */
  async settle(graceMs: number): Promise<void> {
    const inFlight = [...this.arriving, ...(this.draining === undefined ? [] : [this.draining])];
    if (inFlight.length === 0) return;
    const all = Promise.all(inFlight);
    if ((await settleWithin(all, graceMs)).status !== 'late') return;
    this.cutOff = true;
    this.runner.cutInFlight();
    await settleWithin(all, CUT_SETTLE_MS);
  }

  /** Unsubscribes and runs `onStop` (at most `hookTimeoutMs`); returns what failed. */
  finishStop(hookTimeoutMs: number): Promise<unknown[]> {
    this.finished ??= this.unsubscribeAndStop(hookTimeoutMs);
    return this.finished;
  }

  private async unsubscribeAndStop(hookTimeoutMs: number): Promise<unknown[]> {
    this.beginStop();
    const { spec } = this.init;
    const subscriptions = this.subscriptions.splice(0);
    await Promise.all(subscriptions.map((s) => s.unsubscribe().catch(() => undefined)));
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

  private readonly deliver = (message: Message, topic: string, ack: Acknowledge): void => {
    if (message.enrichWithHistory !== undefined) this.enrich(message);
    if (this.stopping) {
      this.refuse({ message, topic, ack });
      ack();
      return;
    }
    const { now, queued } = this.select(message, topic);
    if (now.length === 0) {
      this.enqueue({ message, topic, ack });
      return;
    }
    // Acknowledged once both parts are done, when some processors run now and others wait.
    let parts = queued.length > 0 ? 2 : 1;
    const done: Acknowledge = () => {
      parts -= 1;
      if (parts === 0) ack();
    };
    this.runOnArrival(now, message, done);
    if (queued.length > 0) this.enqueue({ message, topic, ack: done });
  };

  private enrich(message: Message): void {
    const { messenger } = this.init;
    enrichWithHistory(message, (id) => messenger.findMessage?.(id));
  }

  private enqueue(delivery: Delivery): void {
    this.init.messenger.begin();
    this.mailbox.put(delivery);
    this.draining ??= this.drain();
  }

  private runOnArrival(processors: BoundProcessor[], message: Message, ack: Acknowledge): void {
    this.init.messenger.begin();
    const running: Promise<void> = (async () => {
      await Promise.resolve();
      for (const bound of processors) {
        if (this.cutOff) break;
        await this.runner.run(bound, message);
      }
    })()
      .catch((error: unknown) => {
        warn(`agent "${this.init.spec.id}" failed to dispatch a message`, error);
      })
      .finally(() => {
        this.arriving.delete(running);
        ack();
        this.init.messenger.end();
      });
    this.arriving.add(running);
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    try {
      for (
        let delivery = this.mailbox.take();
        delivery !== undefined;
        delivery = this.mailbox.take()
      ) {
        try {
          for (const bound of this.select(delivery.message, delivery.topic).queued) {
            if (this.cutOff) break;
            const running = this.runner.run(bound, delivery.message);
            if (running !== undefined) await running;
          }
        } catch (error) {
          warn(`agent "${this.init.spec.id}" failed to dispatch a message`, error);
        } finally {
          delivery.ack();
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
    const { now, queued } = this.select(message, topic);
    const first = queued[0] ?? now[0];
    if (first === undefined || !this.runner.tagged(message)) return;
    void this.runner.refuse(
      first,
      message,
      `Guild "${this.init.guildSpec.name}" is shutting down: agent "${this.init.spec.id}" did not process this message.`,
    );
  }

  /** The processors for a message: by format, and only `handleEssential` ones on essential topics. */
  private select(message: Message, topic: string): Selection {
    const essential = topic === this.selfTopic || essentialTopics.has(topic);
    if (!essential && topic.startsWith(SELF_INBOX_PREFIX)) return NONE;
    const cache = essential ? this.essentialByFormat : this.byFormat;
    let selected = cache.get(message.format);
    if (selected === undefined) {
      selected = split(
        this.processors.filter(
          (p) =>
            (!essential || p.definition.handleEssential) &&
            (p.definition.format === null || p.definition.format === message.format),
        ),
      );
      cache.set(message.format, selected);
    }
    return selected;
  }
}
