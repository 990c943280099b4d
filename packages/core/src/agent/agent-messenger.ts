import { type Subscriber, type Subscription } from '../bus/message-bus';
import { type Message } from '../messaging/message';

/**
 * What an agent needs from its guild's bus view: publishing, subscribing in the guild's
 * namespace, and counting work in progress (so the guild knows when it is idle).
 */
export interface AgentMessenger {
  publish(message: Message): Promise<void>;
  subscribe(topic: string, subscriber: Subscriber): Promise<Subscription>;
  /** One more message queued or in progress. */
  begin(): void;
  /** One message less. */
  end(): void;
  /** A message recently published through this messenger, for `enrich_with_history`. */
  findMessage?(id: string): Message | undefined;
}
