import { type AgentMessenger } from '../agent/agent-messenger';
import { type MessageBus, type Subscriber } from '../bus/message-bus';
import { describeThrown } from '../faults/describe-thrown';
import { type Message } from '../messaging/message';
import { type ActivityTracker } from './activity-tracker';

/** Observes every message published through a guild, once per topic. */
export type MessageListener = (message: Message, topic: string) => void;

function noop(): void {
  return undefined;
}

/** A guild's view of the bus: its namespace, its activity count and its observers. */
export class GuildMessenger implements AgentMessenger {
  private readonly listeners = new Set<MessageListener>();
  private readonly settle = (): void => {
    this.tracker.end();
  };

  constructor(
    private readonly bus: MessageBus,
    private readonly namespace: string,
    private readonly tracker: ActivityTracker,
  ) {}

  publish(message: Message): Promise<void> {
    this.tracker.begin();
    if (this.listeners.size > 0) this.notify(message);
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

  subscribe(topic: string, subscriber: Subscriber): Promise<void> {
    return this.bus.subscribe(this.namespace, topic, subscriber);
  }

  unsubscribe(topic: string, subscriberId: string): Promise<void> {
    return this.bus.unsubscribe(this.namespace, topic, subscriberId).catch(noop);
  }

  observe(listener: MessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(message: Message): void {
    let serialized: string;
    try {
      serialized = JSON.stringify(message);
    } catch {
      return;
    }
    for (const topic of message.topics) {
      for (const listener of [...this.listeners]) {
        const copy = JSON.parse(serialized) as Message;
        copy.topicPublishedTo = topic;
        try {
          listener(copy, topic);
        } catch (error) {
          process.emitWarning(
            `Guildkit onMessage listener threw: ${describeThrown(error).message}`,
          );
        }
      }
    }
  }
}
