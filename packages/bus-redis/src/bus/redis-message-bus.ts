import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  describeThrown,
  GuildError,
  type Message,
  type MessageBus,
  type MessageObserver,
  type Subscriber,
  type Subscription,
} from '@guildkit/core';
import { Redis, type RedisOptions } from 'ioredis';
import { parseBusSettings, type RedisMessageBusOptions } from '../config/redis-bus-settings';
import { RedisBusError } from '../errors/redis-bus-error';
import { FirehoseReader } from './firehose-reader';
import { GroupReader } from './group-reader';
import { LuaScript } from './lua-script';
import { RedisKeys } from './redis-keys';
import { RedisMachineIdAllocator } from './redis-machine-id-allocator';
import { settleWithin } from './wakeable';
import { countOutstanding } from './count-outstanding';

// KEYS: published-marker, firehose, answered-marker, topic streams...
// ARGV: message JSON, marker TTL ms, MAXLEN, has-answered flag, topics...
// The whole publish is one script: a client retry after a lost reply adds nothing twice, and
// the answered marker exists exactly when the reply does.
const PUBLISH = new LuaScript(`
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
if ARGV[4] == '1' then redis.call('SET', KEYS[3], '1', 'PX', ARGV[2]) end
for i = 4, #KEYS do
  redis.call('XADD', KEYS[i], 'MAXLEN', '~', ARGV[3], '*', 'm', ARGV[1])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 't', ARGV[i + 1], 'm', ARGV[1])
end
return 1`);

const OBSERVER_BATCH = 100;

function closedError(action: string): GuildError {
  return new GuildError('BUS_CLOSED', `Cannot ${action}: the message bus is closed.`);
}

/**
 * A `MessageBus` on Redis Streams, for a guild whose agents run in several processes or hosts.
 * One stream per namespace and topic; one consumer group per subscriber id (processes hosting
 * the same agent share its work); a delivery stays pending until `ack` (`XACK`), and what a
 * dead process left pending is redelivered after `leaseMs`. See the package README for the
 * guarantees and their limits.
 *
 * @example
 * const bus = new RedisMessageBus({ redis_client: { host: '127.0.0.1', port: 6379 } });
 * const guild = await builder.launch('org', { bus });
 * // or in a guild spec: properties.messaging.backend_class: RedisMessagingBackend
 */
export class RedisMessageBus implements MessageBus {
  private readonly settings;
  private readonly cmd: Redis;
  private readonly consumer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly readers = new Map<string, GroupReader>();
  private readonly observers = new Set<FirehoseReader>();
  private readonly keysByNamespace = new Map<string, RedisKeys>();
  private readonly connected: Promise<void>;
  private readonly onHandlerError: (error: unknown, topic: string) => void;
  private closed = false;
  /** GemstoneId machine ids leased in Redis, unique across every process on this server. */
  readonly machineIds: RedisMachineIdAllocator;

  constructor(options: RedisMessageBusOptions = {}) {
    this.settings = parseBusSettings(options);
    this.onHandlerError =
      options.onHandlerError ??
      ((error, topic) => {
        this.warn(`subscriber on "${topic}" threw`, error);
      });
    // ioredis's own option type is not exactOptionalPropertyTypes-clean (`replyMapping`).
    this.cmd = new Redis(this.settings.redis as RedisOptions & { replyMapping?: 'legacy' });
    let lastError: unknown;
    this.cmd.on('error', (error: unknown) => {
      lastError = error;
    });
    const { host, port } = this.settings.redis;
    const timeoutMs = this.settings.redis.connectTimeout ?? 10_000;
    this.connected = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new RedisBusError(
            'REDIS_UNREACHABLE',
            `Redis at ${host ?? '?'}:${port ?? '?'} did not answer within ${timeoutMs} ms` +
              (lastError === undefined ? '.' : `: ${describeThrown(lastError).message}`),
            { details: { host: host ?? null, port: port ?? null } },
          ),
        );
      }, timeoutMs);
      this.cmd.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connected.catch(() => undefined); // reported to the first caller that waits on it
    this.machineIds = new RedisMachineIdAllocator({
      cmd: this.cmd,
      connected: this.connected,
      keys: (namespace) => this.keys(namespace),
      leaseMs: this.settings.leaseMs,
      warn: (what, error) => {
        this.warn(what, error);
      },
    });
  }

  /** This process's consumer name in every group it reads (host:pid:random). */
  get consumerName(): string {
    return this.consumer;
  }

  async publish(namespace: string, message: Message): Promise<void> {
    if (this.closed) throw closedError(`publish to ${namespace}`);
    let serialized: string;
    try {
      serialized = JSON.stringify(message);
    } catch (error) {
      throw new GuildError('MESSAGE_INVALID', `Message ${message.id} is not JSON-serialisable.`, {
        cause: error,
      });
    }
    await this.connected;
    const keys = this.keys(namespace);
    const topics = [...new Set(message.topics)];
    const answered = message.inResponseTo ?? null;
    await PUBLISH.run(
      this.cmd,
      [
        keys.published(message.id),
        keys.firehose(),
        answered === null
          ? keys.published(message.id)
          : keys.answered(message.sender.id ?? '', answered),
        ...topics.map((t) => keys.topic(t)),
      ],
      [
        serialized,
        this.settings.dedupeTtlMs,
        this.settings.maxLen,
        answered === null ? '0' : '1',
        ...topics,
      ],
    );
  }

  async subscribe(namespace: string, topic: string, subscriber: Subscriber): Promise<Subscription> {
    if (this.closed) throw closedError(`subscribe to ${topic}`);
    await this.connected;
    const readerKey = `${namespace}\u0000${subscriber.id}`;
    let reader = this.readers.get(readerKey);
    if (reader === undefined) {
      reader = new GroupReader({
        cmd: this.cmd,
        keys: this.keys(namespace),
        group: subscriber.id,
        consumer: this.consumer,
        handler: subscriber.handler,
        settings: this.settings,
        warn: (what, error) => {
          this.warn(what, error);
        },
        onHandlerError: this.onHandlerError,
      });
      this.readers.set(readerKey, reader);
    }
    // Same id, same delivery: a second subscription of one subscriber shares the first.
    if (!reader.hasTopic(topic)) await reader.addTopic(topic);
    const active = reader;
    return {
      namespace,
      topic,
      subscriberId: subscriber.id,
      unsubscribe: async () => {
        if (!this.closed) await active.removeTopic(topic);
      },
    };
  }

  async observe(namespace: string, observer: MessageObserver): Promise<Subscription> {
    if (this.closed) throw closedError(`observe ${namespace}`);
    await this.connected;
    const reader = new FirehoseReader({
      cmd: this.cmd,
      stream: this.keys(namespace).firehose(),
      observer,
      blockMs: this.settings.blockMs,
      count: OBSERVER_BATCH,
      onObserverError: this.onHandlerError,
    });
    await reader.start();
    this.observers.add(reader);
    return {
      namespace,
      topic: '*',
      subscriberId: `observer:${this.consumer}`,
      unsubscribe: async () => {
        if (this.observers.delete(reader)) await reader.stop(this.settings.closeTimeoutMs);
      },
    };
  }

  async outstanding(namespace: string): Promise<number> {
    if (this.closed) throw closedError(`count messages of ${namespace}`);
    await this.connected;
    return countOutstanding(this.cmd, this.keys(namespace));
  }

  /**
   * Deletes every key of `namespace` (streams, groups, markers): a guild that is gone for good.
   * Messages its agents have not processed are dropped.
   */
  async deleteNamespace(namespace: string): Promise<void> {
    if (this.closed) throw closedError(`delete ${namespace}`);
    await this.connected;
    const pattern = `${this.keys(namespace).firehose().slice(0, -'all'.length)}*`;
    let cursor = '0';
    do {
      const [next, found] = await this.cmd.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (found.length > 0) await this.cmd.unlink(...found);
      cursor = next;
    } while (cursor !== '0');
  }

  /**
   * Stops every reader and closes the connections, within `closeTimeoutMs`. Deliveries not yet
   * acknowledged stay pending in Redis, for another process to claim. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const timeoutMs = this.settings.closeTimeoutMs;
    const stops = [
      ...[...this.readers.values()].map((r) => r.stop(timeoutMs)),
      ...[...this.observers].map((o) => o.stop(timeoutMs)),
    ];
    this.readers.clear();
    this.observers.clear();
    await Promise.all(stops);
    await settleWithin(this.machineIds.close(), timeoutMs);
    const quit = this.cmd.status === 'ready' ? this.cmd.quit().catch(() => undefined) : undefined;
    await settleWithin(quit, timeoutMs);
    this.cmd.disconnect();
  }

  private keys(namespace: string): RedisKeys {
    let keys = this.keysByNamespace.get(namespace);
    if (keys === undefined) {
      keys = new RedisKeys(this.settings.keyPrefix, namespace);
      this.keysByNamespace.set(namespace, keys);
    }
    return keys;
  }

  private warn(what: string, error: unknown): void {
    process.emitWarning(`Guildkit RedisMessageBus: ${what}: ${describeThrown(error).message}`);
  }
}
