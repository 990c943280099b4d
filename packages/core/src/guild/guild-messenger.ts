import { type AgentMessenger } from '../agent/agent-messenger';
import {
  type MessageBus,
  type MessageObserver,
  type Subscriber,
  type Subscription,
} from '../bus/message-bus';
import { describeThrown } from '../faults/describe-thrown';
import { type Message } from '../messaging/message';
import { type ActivityTracker } from './activity-tracker';
import { RecentMessages } from './recent-messages';

/** How often `idle()` asks a bus with deliveries outstanding elsewhere again. */
const IDLE_POLL_MS = 5;

/** Observes every message published in a guild, once per topic. */
export type MessageListener = MessageObserver;

/** A guild's view of the bus: its namespace and the activity count of the agents hosted here. */
export class GuildMessenger implements AgentMessenger {
  private readonly recent = new RecentMessages();
  private readonly settle = (): void => {
    this.tracker.end();
  };

  private readonly bus: MessageBus;
  readonly namespace: string;
  private readonly tracker: ActivityTracker;
  private recording: boolean;

  /**
   * `recordHistory`: keep the latest messages for `enrich_with_history` from the start (the
   * guild's routes mention it). Otherwise recording starts with the first message that asks for
   * it: holding on to messages makes every publish slower (they outlive the young GC
   * generation; guild publish -> processor fell from 0.55 to 0.31 of the bare bus when always on).
   */
  constructor(init: {
    bus: MessageBus;
    namespace: string;
    tracker: ActivityTracker;
    recordHistory?: boolean;
  }) {
    this.bus = init.bus;
    this.namespace = init.namespace;
    this.tracker = init.tracker;
    this.recording = init.recordHistory ?? false;
  }

  publish(message: Message): Promise<void> {
    this.tracker.begin();
    if (message.enrichWithHistory !== undefined) this.recording = true;
    if (this.recording) this.recent.add(message);
    const published = this.bus.publish(this.namespace, message);
    published.then(this.settle, this.settle);
    return published;
  }

  begin(): void {
    this.tracker.begin();
  }

  end(): void {
    this.tracker.end();
  }

  findMessage(id: string): Message | undefined {
    return this.recent.get(id);
  }

  subscribe(topic: string, subscriber: Subscriber): Promise<Subscription> {
    return this.bus.subscribe(this.namespace, topic, subscriber);
  }

  /** Taps every message of the guild, wherever it was published; a throwing listener is reported. */
  observe(listener: MessageListener): Promise<Subscription> {
    return this.bus.observe(this.namespace, (message, topic) => {
      try {
        listener(message, topic);
      } catch (error) {
        process.emitWarning(`Guildkit onMessage listener threw: ${describeThrown(error).message}`);
      }
    });
  }

  /** Deliveries of this guild not yet acknowledged anywhere (for a networked bus: all hosts). */
  outstanding(): Promise<number> {
    return this.bus.outstanding(this.namespace);
  }

  /** Resolves once nothing is queued or in progress here, nor outstanding on the bus (`Guild.idle`). */
  async idle(): Promise<void> {
    for (;;) {
      await this.tracker.idle();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.tracker.busy) continue;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- may change during the await
      if ((await this.outstanding()) === 0 && !this.tracker.busy) return;
      await new Promise<void>((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }
}
