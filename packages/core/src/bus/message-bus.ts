import { type Message } from '../messaging/message';

/** Receives one delivered copy of a message, owned by this subscriber alone. */
export type MessageHandler = (message: Message, topic: string) => void;

/** A subscription target: usually an agent, with the agent id as subscriber id. */
export interface Subscriber {
  readonly id: string;
  readonly handler: MessageHandler;
}

/**
 * The transport between agents. Every call is async and messages cross it as JSON, so a
 * networked backend (Redis, NATS) can implement it without agents noticing. Rules every
 * implementation keeps:
 * - topics live in a `namespace` (the guild id), so guilds sharing a backend never mix;
 * - a message goes to every subscriber of each of its topics, in publish order per topic;
 * - a subscriber never receives a message it sent itself (`message.sender.id === subscriber.id`),
 *   except on its own `agent_self_inbox:{id}` topic;
 * - each subscriber gets its own copy, with `topicPublishedTo` set.
 *
 * @example
 * const bus: MessageBus = new InMemoryMessageBus();
 * await bus.subscribe('guild-1', 'default_topic', { id: 'a', handler: (m) => console.log(m.payload) });
 * await bus.publish('guild-1', message);
 * await bus.close();
 */
export interface MessageBus {
  publish(namespace: string, message: Message): Promise<void>;
  subscribe(namespace: string, topic: string, subscriber: Subscriber): Promise<void>;
  unsubscribe(namespace: string, topic: string, subscriberId: string): Promise<void>;
  /** Stops all delivery; later calls reject with `BUS_CLOSED`. Idempotent. */
  close(): Promise<void>;
}
