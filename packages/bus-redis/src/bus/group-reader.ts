import { type Message, type MessageHandler, SELF_INBOX_PREFIX } from '@guildkit/core';
import { type Redis } from 'ioredis';
import { type RedisBusSettings } from '../config/redis-bus-settings';
import { AckQueue } from './ack-queue';
import { BlockingRead } from './blocking-read';
import { LeaseKeeper } from './lease-keeper';
import { type RedisKeys } from './redis-keys';
import { errorText, fieldOf, parseStreams } from './stream-replies';
import { settleWithin, Wakeable } from './wakeable';

export interface GroupReaderInit {
  /** The shared command connection (acks, claims, group creation). */
  cmd: Redis;
  keys: RedisKeys;
  /** The subscriber id: the consumer group's name on every topic stream. */
  group: string;
  /** This process's consumer name in the group. */
  consumer: string;
  handler: MessageHandler;
  settings: RedisBusSettings;
  warn: (what: string, error: unknown) => void;
  onHandlerError: (error: unknown, topic: string) => void;
}

/**
 * Reads one subscriber's topic streams of one namespace as this process's consumer in the
 * subscriber's consumer group: a `BlockingRead` of new entries, at most `maxInFlight`
 * unacknowledged deliveries held at once (backpressure), and a `LeaseKeeper` that renews the
 * lease on what it holds and claims what other consumers left idle (they died).
 */
export class GroupReader {
  /** stream key -> topic */
  private readonly topics = new Map<string, string>();
  private readonly blocking: BlockingRead;
  private readonly wakeable = new Wakeable();
  private readonly acks: AckQueue;
  private readonly leases: LeaseKeeper;
  private readonly loop: Promise<void>;
  private recheckPending = false;
  private stopped = false;
  /** A method, not a field read, so checks after an `await` are not narrowed away. */
  private isStopped(): boolean {
    return this.stopped;
  }
  /** Redeliveries dropped because the subscriber had already answered them. */
  duplicatesSkipped = 0;

  constructor(private readonly init: GroupReaderInit) {
    this.acks = new AckQueue({
      cmd: init.cmd,
      group: init.group,
      warn: (what, error) => {
        if (!this.isStopped()) init.warn(what, error);
      },
    });
    this.blocking = new BlockingRead({
      ...init,
      // A read whose reply was lost with the old connection may have left entries pending.
      onReady: () => {
        this.recheckPending = true;
      },
    });
    this.leases = new LeaseKeeper({
      ...init,
      acks: this.acks,
      streams: () => this.topics.keys(),
      claimed: (stream, entry) => this.deliver(stream, entry, true),
    });
    this.loop = this.run();
  }

  get heldCount(): number {
    return this.leases.size;
  }

  async addTopic(topic: string): Promise<void> {
    const stream = this.init.keys.topic(topic);
    await this.createGroup(stream, '$');
    await this.init.cmd.sadd(this.init.keys.streams(), stream);
    this.topics.set(stream, topic);
    await this.wake();
  }

  async removeTopic(topic: string): Promise<void> {
    this.topics.delete(this.init.keys.topic(topic));
    await this.wake();
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(this.init.keys.topic(topic));
  }

  /**
   * Stops reading and sends the acknowledgements still queued; what is held stays pending in
   * Redis for another consumer to claim.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.leases.stop();
    this.wakeable.wake();
    this.blocking.disconnect();
    await settleWithin(Promise.all([this.loop, this.acks.flush()]), timeoutMs);
  }

  private async createGroup(stream: string, from: string): Promise<void> {
    try {
      await this.init.cmd.xgroup('CREATE', stream, this.init.group, from, 'MKSTREAM');
    } catch (error) {
      if (!errorText(error).startsWith('BUSYGROUP')) throw error;
    }
  }

  /** Interrupts a blocking read so it picks up a changed topic list at once. */
  private async wake(): Promise<void> {
    this.wakeable.wake();
    await this.blocking.interrupt(() => [...this.topics.keys()]);
  }

  private async run(): Promise<void> {
    const { settings } = this.init;
    while (!this.isStopped()) {
      try {
        const streams = [...this.topics.keys()];
        if (this.leases.free() <= 0 || streams.length === 0) {
          await this.wakeable.sleep(settings.blockMs);
          continue;
        }
        if (this.recheckPending) {
          this.recheckPending = false;
          await this.readOwnPending(streams);
          continue;
        }
        for (const { stream, entries } of await this.blocking.read(streams, this.leases.free())) {
          for (const entry of entries) await this.deliver(stream, entry, false);
        }
      } catch (error) {
        if (this.isStopped()) break;
        this.recheckPending = true;
        if (errorText(error).startsWith('NOGROUP')) {
          // The server lost the group (no persistence, or keys deleted): recreate from the start.
          for (const stream of this.topics.keys())
            await this.createGroup(stream, '0').catch(() => undefined);
        } else {
          await this.wakeable.sleep(100);
        }
      }
    }
  }

  /** After a connection loss: entries Redis gave this consumer whose reply never arrived. */
  private async readOwnPending(streams: string[]): Promise<void> {
    const { group, consumer } = this.init;
    const reply = await this.init.cmd.call(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      this.leases.size + this.leases.free(),
      'STREAMS',
      ...streams,
      ...streams.map(() => '0'),
    );
    for (const { stream, entries } of parseStreams(reply)) {
      for (const entry of entries) await this.deliver(stream, entry, true);
    }
  }

  /** Held by the handler now, or finished with its acknowledgement not yet confirmed. */
  private isTaken(key: string): boolean {
    return this.leases.holds(key) || this.acks.has(key);
  }

  private async deliver(
    stream: string,
    entry: { id: string; fields: string[] | null },
    redelivered: boolean,
  ): Promise<void> {
    const key = `${stream} ${entry.id}`;
    const topic = this.topics.get(stream);
    if (this.isTaken(key) || topic === undefined || this.isStopped()) return;
    const json = entry.fields === null ? undefined : fieldOf(entry.fields, 'm');
    let message: Message;
    try {
      const parsed: unknown = JSON.parse(json ?? 'null');
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not a message');
      message = parsed as Message;
    } catch (error) {
      this.acks.add(stream, entry.id); // trimmed or foreign entry: nothing to deliver
      if (json !== undefined) this.init.warn(`unreadable entry ${entry.id} on ${stream}`, error);
      return;
    }
    const { group } = this.init;
    if (message.sender.id === group && !topic.startsWith(SELF_INBOX_PREFIX)) {
      this.acks.add(stream, entry.id);
      return;
    }
    if (redelivered && (await this.init.cmd.exists(this.init.keys.answered(group, message.id)))) {
      this.duplicatesSkipped += 1;
      this.acks.add(stream, entry.id);
      return;
    }
    if (this.isTaken(key) || this.isStopped()) return;
    message.topicPublishedTo = topic;
    this.leases.hold(key, { stream, id: entry.id });
    let acked = false;
    const ack = (): void => {
      if (acked) return;
      acked = true;
      this.leases.release(key);
      this.acks.add(stream, entry.id);
      this.wakeable.wake();
    };
    try {
      this.init.handler(message, topic, ack);
    } catch (error) {
      ack();
      try {
        this.init.onHandlerError(error, topic);
      } catch {
        // a throwing error hook must not stop the reader
      }
    }
  }
}
