import { type Message } from '../messaging/message';
import { type MachineIdAllocator } from './machine-id-allocator';

/**
 * Tells the bus this subscriber is done with one delivery. Until then a durable backend keeps
 * the message pending and redelivers it if this subscriber's process dies. Idempotent.
 */
export type Acknowledge = () => void;

/**
 * Receives one delivered copy of a message, owned by this subscriber alone. Call `ack` once
 * the message is fully handled (processed and answered), not when it is merely received.
 */
export type MessageHandler = (message: Message, topic: string, ack: Acknowledge) => void;

/** Sees every message published in a namespace, once per topic; nothing to acknowledge. */
export type MessageObserver = (message: Message, topic: string) => void;

/** A subscription target: usually an agent, with the agent id as subscriber id. */
export interface Subscriber {
  readonly id: string;
  readonly handler: MessageHandler;
}

/** A live subscription; `unsubscribe` stops delivery to it. Idempotent. */
export interface Subscription {
  readonly namespace: string;
  readonly topic: string;
  /** The subscriber id, or an observer's generated id. */
  readonly subscriberId: string;
  unsubscribe(): Promise<void>;
}

/**
 * The transport between agents. Every call is async and messages cross it as JSON, so a
 * networked backend (Redis, NATS) implements it without agents noticing. Rules every
 * implementation keeps (the contract suite in `@guildkit/core/testing` checks them):
 * - topics live in a `namespace` (the guild id), so guilds sharing a backend never mix;
 * - a message goes to every subscriber of each of its topics, in publish order per topic;
 *   subscribers with the same id share one delivery (for a networked bus: the same consumer
 *   group, so two processes hosting the same agent split the work instead of doubling it);
 * - a subscriber never receives a message it sent itself (`message.sender.id === subscriber.id`),
 *   except on its own `agent_self_inbox:{id}` topic;
 * - each subscriber gets its own copy, with `topicPublishedTo` set;
 * - a delivery stays outstanding until its `ack` is called; a durable backend redelivers what a
 *   dead subscriber left unacknowledged;
 * - `outstanding(namespace)` is 0 exactly when every message published in the namespace has been
 *   delivered to, and acknowledged by, every subscriber it was for.
 *
 * @example
 * const bus: MessageBus = new InMemoryMessageBus();
 * const sub = await bus.subscribe('guild-1', 'default_topic', {
 *   id: 'a',
 *   handler: (m, topic, ack) => { console.log(m.payload); ack(); },
 * });
 * await bus.publish('guild-1', message);
 * await sub.unsubscribe();
 * await bus.close();
 */
export interface MessageBus {
  publish(namespace: string, message: Message): Promise<void>;
  subscribe(namespace: string, topic: string, subscriber: Subscriber): Promise<Subscription>;
  /** Taps every message published in `namespace` from now on, on every topic. */
  observe(namespace: string, observer: MessageObserver): Promise<Subscription>;
  /** Deliveries in `namespace` not yet acknowledged (including ones not yet delivered). */
  outstanding(namespace: string): Promise<number>;
  /**
   * Where guilds on this bus lease GemstoneId machine ids, so id sources in different
   * processes never share one. A networked bus should provide it; without it ids are unique
   * per bus object only (enough for one process).
   */
  readonly machineIds?: MachineIdAllocator;
  /** Stops all delivery; later calls reject with `BUS_CLOSED`. Idempotent. */
  close(): Promise<void>;
}
