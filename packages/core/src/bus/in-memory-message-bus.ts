import { EventEmitter } from 'eventemitter3';
import { GuildError } from '../errors/guild-error';
import { describeThrown } from '../faults/describe-thrown';
import { type Message } from '../messaging/message';
import { SELF_INBOX_PREFIX } from '../messaging/topics';
import { type MessageBus, type Subscriber } from './message-bus';

type Listener = (serialized: string, topic: string, senderId: string | undefined) => void;

export interface InMemoryMessageBusOptions {
  /** Called when a subscriber's handler throws; by default a process warning is emitted. */
  onHandlerError?: (error: unknown, topic: string) => void;
}

const done: Promise<void> = Promise.resolve();

function closedError(action: string): GuildError {
  return new GuildError(
    'BUS_CLOSED',
    `Cannot ${action}: the message bus is closed (its guild was shut down).`,
  );
}

/**
 * The in-process `MessageBus`, on eventemitter3. Each publish is serialised once and parsed
 * once per receiving subscriber, so no two subscribers (nor the publisher) share an object.
 * Delivery is synchronous inside `publish`, which keeps per-topic order.
 *
 * @example
 * const guild = await new GuildBuilder().setName('g').setDescription('d').launch('org', {
 *   bus: new InMemoryMessageBus(),
 * });
 */
export class InMemoryMessageBus implements MessageBus {
  private readonly emitter = new EventEmitter<string>();
  private readonly listeners = new Map<string, Map<string, Listener>>();
  private readonly onHandlerError: (error: unknown, topic: string) => void;
  private closed = false;

  constructor(options: InMemoryMessageBusOptions = {}) {
    this.onHandlerError =
      options.onHandlerError ??
      ((error, topic) => {
        process.emitWarning(
          `Guildkit subscriber on "${topic}" threw: ${describeThrown(error).message}`,
        );
      });
  }

  publish(namespace: string, message: Message): Promise<void> {
    if (this.closed) return Promise.reject(closedError(`publish to ${namespace}`));
    let serialized: string;
    try {
      serialized = JSON.stringify(message);
    } catch (error) {
      return Promise.reject(
        new GuildError('MESSAGE_INVALID', `Message ${message.id} is not JSON-serialisable.`, {
          cause: error,
        }),
      );
    }
    const senderId = message.sender.id;
    for (const topic of message.topics) {
      this.emitter.emit(`${namespace}:${topic}`, serialized, topic, senderId);
    }
    return done;
  }

  subscribe(namespace: string, topic: string, subscriber: Subscriber): Promise<void> {
    if (this.closed) return Promise.reject(closedError(`subscribe to ${topic}`));
    const event = `${namespace}:${topic}`;
    let byId = this.listeners.get(event);
    if (byId === undefined) {
      byId = new Map();
      this.listeners.set(event, byId);
    }
    if (byId.has(subscriber.id)) return done;
    const deliverOwn = topic.startsWith(SELF_INBOX_PREFIX);
    const listener: Listener = (serialized, deliveredTopic, senderId) => {
      if (senderId === subscriber.id && !deliverOwn) return;
      const copy = JSON.parse(serialized) as Message;
      copy.topicPublishedTo = deliveredTopic;
      try {
        subscriber.handler(copy, deliveredTopic);
      } catch (error) {
        try {
          this.onHandlerError(error, deliveredTopic);
        } catch {
          // a throwing error hook must not break delivery to the other subscribers
        }
      }
    };
    byId.set(subscriber.id, listener);
    this.emitter.on(event, listener);
    return done;
  }

  unsubscribe(namespace: string, topic: string, subscriberId: string): Promise<void> {
    const event = `${namespace}:${topic}`;
    const byId = this.listeners.get(event);
    const listener = byId?.get(subscriberId);
    if (byId !== undefined && listener !== undefined) {
      this.emitter.off(event, listener);
      byId.delete(subscriberId);
      if (byId.size === 0) this.listeners.delete(event);
    }
    return done;
  }

  close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    this.listeners.clear();
    return done;
  }
}
