import { type Message, type MessageHandler, SELF_INBOX_PREFIX } from '@guildkit/core';
import { type Redis } from 'ioredis';
import { type RedisBusSettings } from '../config/redis-bus-settings';
import { AckQueue } from './ack-queue';
import { LuaScript } from './lua-script';
import { pruneConsumers } from './prune-consumers';
import { type RedisKeys } from './redis-keys';
import { errorText, fieldOf, parseEntries, parseStreams } from './stream-replies';
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

// Renews only entries this consumer still owns: a consumer that lost its lease (it was frozen)
// must not take an entry back from the consumer now processing it.
const RENEW = new LuaScript(`
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  end
end
return 1`);

/** Every this many upkeep ticks (a tick is `leaseMs / 3`), consumers gone quiet are deleted. */
const PRUNE_EVERY_TICKS = 30;
/** A consumer with nothing pending that has not read for this many leases is gone. */
const PRUNE_AFTER_LEASES = 10;

interface Held {
  stream: string;
  id: string;
}

/**
 * Reads one subscriber's topic streams of one namespace as this process's consumer in the
 * subscriber's consumer group: a blocking `XREADGROUP` on its own connection, at most
 * `maxInFlight` unacknowledged deliveries held at once (backpressure), a lease on what it holds
 * (renewed every `leaseMs / 3`), and `XAUTOCLAIM` of what other consumers left idle longer
 * than `leaseMs` (they died).
 */
export class GroupReader {
  /** stream key -> topic */
  private readonly topics = new Map<string, string>();
  private readonly held = new Map<string, Held>();
  private readonly block: Redis;
  private readonly wakeable = new Wakeable();
  private readonly acks: AckQueue;
  private readonly timer: NodeJS.Timeout;
  private readonly loop: Promise<void>;
  private clientId: number | undefined;
  /** The streams of the blocking read in flight, if one is. */
  private reading: string[] | undefined;
  private ticks = 0;
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
    this.block = init.cmd.duplicate();
    this.block.on('error', () => undefined); // the loop sees and handles every failure
    // A new connection has a new client id (for CLIENT UNBLOCK), and a read whose reply was
    // lost with the old one may have left entries pending for this consumer.
    this.block.on('close', () => {
      this.clientId = undefined;
    });
    this.block.on('ready', () => {
      this.recheckPending = true;
    });
    const every = Math.max(50, Math.floor(init.settings.leaseMs / 3));
    this.timer = setInterval(() => void this.maintain(), every);
    this.loop = this.run();
  }

  get heldCount(): number {
    return this.held.size;
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
    clearInterval(this.timer);
    this.wakeable.wake();
    this.block.disconnect();
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
    // The read may not have reached the server yet when UNBLOCK does (it then unblocks
    // nothing): retry briefly while a read with an outdated stream list is in flight.
    for (let attempt = 0; attempt < 40; attempt++) {
      const reading = this.reading;
      if (reading === undefined || this.clientId === undefined) return;
      if ([...this.topics.keys()].join() === reading.join()) return;
      const unblocked = await this.init.cmd.call('CLIENT', 'UNBLOCK', this.clientId).catch(() => 0);
      if (unblocked === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private free(): number {
    return this.init.settings.maxInFlight - this.held.size;
  }

  private async run(): Promise<void> {
    const { group, consumer, settings } = this.init;
    while (!this.isStopped()) {
      try {
        const streams = [...this.topics.keys()];
        if (this.free() <= 0 || streams.length === 0) {
          await this.wakeable.sleep(settings.blockMs);
          continue;
        }
        if (this.recheckPending) {
          this.recheckPending = false;
          await this.readOwnPending(streams);
          continue;
        }
        this.clientId ??= Number(await this.block.call('CLIENT', 'ID'));
        this.reading = streams;
        const reply = await this.block.call(
          'XREADGROUP',
          'GROUP',
          group,
          consumer,
          'COUNT',
          this.free(),
          'BLOCK',
          settings.blockMs,
          'STREAMS',
          ...streams,
          ...streams.map(() => '>'),
        );
        this.reading = undefined;
        for (const { stream, entries } of parseStreams(reply)) {
          for (const entry of entries) await this.deliver(stream, entry, false);
        }
      } catch (error) {
        this.reading = undefined;
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
      this.held.size + this.free(),
      'STREAMS',
      ...streams,
      ...streams.map(() => '0'),
    );
    for (const { stream, entries } of parseStreams(reply)) {
      for (const entry of entries) await this.deliver(stream, entry, true);
    }
  }

  /** Renews the lease on held entries, then claims entries dead consumers left. */
  private async maintain(): Promise<void> {
    if (this.isStopped()) return;
    const { cmd, group, consumer, settings } = this.init;
    try {
      if (this.acks.size > 0) await this.acks.flush(); // retries acknowledgements that failed
      const byStream = new Map<string, string[]>();
      for (const { stream, id } of this.held.values()) {
        byStream.set(stream, [...(byStream.get(stream) ?? []), id]);
      }
      for (const [stream, ids] of byStream)
        await RENEW.run(cmd, [stream], [group, consumer, ...ids]);
      for (const stream of this.topics.keys()) {
        if (this.free() <= 0 || this.isStopped()) break;
        const reply = await cmd.call(
          'XAUTOCLAIM',
          stream,
          group,
          consumer,
          settings.leaseMs,
          '0-0',
          'COUNT',
          this.free(),
        );
        const claimed = Array.isArray(reply) ? parseEntries(reply[1]) : [];
        for (const entry of claimed) await this.deliver(stream, entry, true);
      }
      if (++this.ticks % PRUNE_EVERY_TICKS === 0) {
        for (const stream of this.topics.keys()) {
          const target = { stream, group, self: consumer };
          await pruneConsumers(cmd, target, settings.leaseMs * PRUNE_AFTER_LEASES);
        }
      }
    } catch (error) {
      if (!this.isStopped()) this.init.warn(`lease upkeep of subscriber "${group}"`, error);
    }
  }

  /** Held by the handler now, or finished with its acknowledgement not yet confirmed. */
  private isTaken(key: string): boolean {
    return this.held.has(key) || this.acks.has(key);
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
    this.held.set(key, { stream, id: entry.id });
    let acked = false;
    const ack = (): void => {
      if (acked) return;
      acked = true;
      this.held.delete(key);
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
