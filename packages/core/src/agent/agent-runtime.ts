import { type Subscription } from '../bus/message-bus';
import { type DependencyResolver } from '../di/dependency-resolver';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { agentInbox, DEFAULT_TOPIC, ESSENTIAL_TOPICS, selfInbox } from '../messaging/topics';
import { type AgentSpec, type GuildSpec } from '../spec/guild-spec';
import { type StateManager } from '../state/state-manager';
import { type Agent } from './agent';
import { type AgentClass } from './agent-class';
import { AgentDispatcher } from './agent-dispatcher';
import { type AgentMessenger } from './agent-messenger';
import { getProcessors } from './agent-processors';
import { bindProcessor } from './bound-processor';
import { BusOutbox } from './bus-outbox';
import { constructAgent } from './construct-agent';
import { ProcessorRunner } from './processor-runner';
import { ProcessorSelector } from './processor-selector';
import { stateRefresherProcessors } from './state-refresher';

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

/**
 * Runs one agent: its subscriptions, and its dispatcher (the priority mailbox and the dispatch
 * to processors). Stopping takes three steps so a guild can stop its agents together:
 * `beginStop` (answer what is queued with `GUILD_SHUTTING_DOWN`), `settle` (give the message
 * in progress its grace), `finishStop` (unsubscribe, `onStop`).
 */
export class AgentRuntime {
  readonly agent: Agent;
  readonly topics: readonly string[];
  private readonly dispatcher: AgentDispatcher;
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
    const processors = [
      ...getProcessors(init.agentClass),
      ...stateRefresherProcessors(this.agent),
    ].map((definition) => bindProcessor(this.agent, definition, init.resolvers));
    const selfTopic = selfInbox(spec.id);
    this.dispatcher = new AgentDispatcher({
      spec,
      guildSpec: init.guildSpec,
      messenger: init.messenger,
      selector: new ProcessorSelector(processors, selfTopic),
      runner: new ProcessorRunner({ agent: this.agent, outbox }),
    });
    this.topics = [
      ...new Set([
        ...spec.additionalTopics,
        ...(spec.listenToDefaultTopic ? [DEFAULT_TOPIC] : []),
        selfTopic,
        agentInbox(spec.id),
        ...ESSENTIAL_TOPICS,
      ]),
    ];
  }

  async start(): Promise<void> {
    const subscriber = { id: this.init.spec.id, handler: this.dispatcher.deliver };
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
    this.dispatcher.close();
  }

  /** Waits up to `graceMs` for the messages in progress; then cuts them (they get their answer). */
  settle(graceMs: number): Promise<void> {
    return this.dispatcher.settle(graceMs);
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
}
