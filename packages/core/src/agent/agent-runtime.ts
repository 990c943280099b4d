import { type DependencyResolver } from '../di/dependency-resolver';
import { type ActivityTracker } from '../guild/activity-tracker';
import { type GuildMessenger } from '../guild/guild-messenger';
import { type AgentSpec, type GuildSpec } from '../guild/guild-spec';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type Message } from '../messaging/message';
import {
  agentInbox,
  DEFAULT_TOPIC,
  ESSENTIAL_TOPICS,
  SELF_INBOX_PREFIX,
  selfInbox,
} from '../messaging/topics';
import { type Agent, type AgentClass, constructAgent } from './agent';
import { AgentMailbox } from './agent-mailbox';
import { getProcessors } from './agent-processors';
import { BusOutbox } from './bus-outbox';
import { type ProcessorDefinition } from './processor-definition';
import { ProcessorRunner } from './processor-runner';

const essentialTopics = new Set(ESSENTIAL_TOPICS);

export interface AgentRuntimeInit {
  agentClass: AgentClass;
  spec: AgentSpec;
  guildSpec: GuildSpec;
  orgId: string;
  machineId: number;
  messenger: GuildMessenger;
  tracker: ActivityTracker;
  resolvers: ReadonlyMap<string, DependencyResolver>;
}

/** Runs one agent: its subscriptions, its priority mailbox and the dispatch to processors. */
export class AgentRuntime {
  readonly agent: Agent;
  readonly topics: readonly string[];
  private readonly mailbox = new AgentMailbox();
  private readonly processors: ProcessorDefinition[];
  private readonly essential: ProcessorDefinition[];
  private readonly byFormat = new Map<string, ProcessorDefinition[]>();
  private readonly runner: ProcessorRunner;
  private readonly selfTopic: string;
  private draining: Promise<void> | undefined;
  private stopped = false;

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
    });
    this.processors = getProcessors(init.agentClass);
    this.essential = this.processors.filter((p) => p.handleEssential);
    this.runner = new ProcessorRunner({ agent: this.agent, outbox, resolvers: init.resolvers });
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

  /** Unsubscribes, drops queued messages, waits for the one in progress, then `onStop`. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const topic of this.topics)
      await this.init.messenger.unsubscribe(topic, this.init.spec.id);
    const dropped = this.mailbox.clear();
    for (let i = 0; i < dropped; i += 1) this.init.tracker.end();
    await this.draining;
    await this.agent.onStop();
  }

  private readonly deliver = (message: Message, topic: string): void => {
    if (this.stopped) return;
    this.init.tracker.begin();
    this.mailbox.put({ message, topic });
    this.draining ??= this.drain();
  };

  private async drain(): Promise<void> {
    await Promise.resolve();
    for (
      let delivery = this.mailbox.take();
      delivery !== undefined;
      delivery = this.mailbox.take()
    ) {
      try {
        for (const definition of this.select(delivery.message, delivery.topic)) {
          const running = this.runner.run(definition, delivery.message);
          if (running !== undefined) await running;
        }
      } finally {
        this.init.tracker.end();
      }
    }
    this.draining = undefined;
  }

  private select(message: Message, topic: string): ProcessorDefinition[] {
    if (topic === this.selfTopic || essentialTopics.has(topic)) return this.essential;
    if (topic.startsWith(SELF_INBOX_PREFIX)) return [];
    let selected = this.byFormat.get(message.format);
    if (selected === undefined) {
      selected = this.processors.filter((p) => p.format === null || p.format === message.format);
      this.byFormat.set(message.format, selected);
    }
    return selected;
  }
}
