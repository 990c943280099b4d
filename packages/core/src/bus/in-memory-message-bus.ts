import { EventEmitter } from 'eventemitter3';
import { GuildError } from '../errors/guild-error';
import { describeThrown } from '../faults/describe-thrown';
import { type Message } from '../messaging/message';
import { SELF_INBOX_PREFIX } from '../messaging/topics';
import { InMemoryMachineIdAllocator } from './machine-id-allocator';
import {
  type MessageBus,
  type MessageObserver,
  type Subscriber,
  type Subscription,
} from './message-bus';

type Listener = (serialized: string, topic: string, senderId: string | undefined) => void;

export interface InMemoryMessageBusOptions {
  /** Called when a subscriber's handler throws; by default a process warning is emitted. */
  onHandlerError?: (error: unknown, topic: string) => void;
}

interface ListenTarget {
  namespace: string;
  /** The emitter event: `namespace:topic`, or the namespace itself for observers. */
  event: string;
  topic: string;
  subscriberId: string;
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
 * Delivery is synchronous inside `publish`, which keeps per-topic order. Nothing survives the
 * process, so an unacknowledged delivery is only counted (`outstanding`), never redelivered.
 *
 * @example
 * const guild = await new GuildBuilder().setName('g').setDescription('d').launch('org', {
 *   bus: new InMemoryMessageBus(),
 * });
 */
export class InMemoryMessageBus implements MessageBus {
  /** Machine ids for every guild on this bus (all in this process). */
  readonly machineIds = new InMemoryMachineIdAllocator();
  private readonly emitter = new EventEmitter<string>();
  private readonly listeners = new Map<string, Map<string, Listener>>();
  private readonly unacked = new Map<string, number>();
  private readonly onHandlerError: (error: unknown, topic: string) => void;
  private nextObserver = 0;
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
      // Observers first, so a tap sees a message before any reply a subscriber sends at once.
      this.emitter.emit(namespace, serialized, topic, senderId);
      this.emitter.emit(`${namespace}:${topic}`, serialized, topic, senderId);
    }
    return done;
  }

  subscribe(namespace: string, topic: string, subscriber: Subscriber): Promise<Subscription> {
    if (this.closed) return Promise.reject(closedError(`subscribe to ${topic}`));
    const deliverOwn = topic.startsWith(SELF_INBOX_PREFIX);
    return Promise.resolve(
      this.listen(
        { namespace, event: `${namespace}:${topic}`, topic, subscriberId: subscriber.id },
        (serialized, t, senderId) => {
          if (senderId === subscriber.id && !deliverOwn) return;
          const copy = JSON.parse(serialized) as Message;
          copy.topicPublishedTo = t;
          this.count(namespace, 1);
          let acked = false;
          const ack = (): void => {
            if (acked) return;
            acked = true;
            this.count(namespace, -1);
          };
          this.call(
            () => {
              subscriber.handler(copy, t, ack);
            },
            t,
            ack,
          );
        },
      ),
    );
  }

  observe(namespace: string, observer: MessageObserver): Promise<Subscription> {
    if (this.closed) return Promise.reject(closedError(`observe ${namespace}`));
    const id = `observer:${this.nextObserver++}`;
    return Promise.resolve(
      this.listen(
        { namespace, event: namespace, topic: '*', subscriberId: id },
        (serialized, t) => {
          const copy = JSON.parse(serialized) as Message;
          copy.topicPublishedTo = t;
          this.call(() => {
            observer(copy, t);
          }, t);
        },
      ),
    );
  }

  outstanding(namespace: string): Promise<number> {
    if (this.closed) return Promise.reject(closedError(`count messages of ${namespace}`));
    return Promise.resolve(this.unacked.get(namespace) ?? 0);
  }

  close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    this.listeners.clear();
    this.unacked.clear();
    return done;
  }

  private listen(target: ListenTarget, listener: Listener): Subscription {
    const { namespace, event, topic, subscriberId } = target;
    let byId = this.listeners.get(event);
    if (byId === undefined) {
      byId = new Map();
      this.listeners.set(event, byId);
    }
    // Same id, same delivery: a second subscription of one subscriber shares the first.
    if (!byId.has(subscriberId)) {
      byId.set(subscriberId, listener);
      this.emitter.on(event, listener);
    }
    const active = byId.get(subscriberId);
    return {
      namespace,
      topic,
      subscriberId,
      unsubscribe: () => {
        const current = this.listeners.get(event);
        if (current !== undefined && current.get(subscriberId) === active && active !== undefined) {
          this.emitter.off(event, active);
          current.delete(subscriberId);
          if (current.size === 0) this.listeners.delete(event);
        }
        return done;
      },
    };
  }

  private count(namespace: string, delta: number): void {
    const next = (this.unacked.get(namespace) ?? 0) + delta;
    if (next <= 0) this.unacked.delete(namespace);
    else this.unacked.set(namespace, next);
  }

  /** Runs one handler; one that throws has its delivery acknowledged, or `idle()` would hang. */
  private call(deliver: () => void, topic: string, ack?: () => void): void {
    try {
      deliver();
    } catch (error) {
      ack?.();
      try {
        this.onHandlerError(error, topic);
      } catch {
        // a throwing error hook must not break delivery to the other subscribers
      }
    }
  }
}
