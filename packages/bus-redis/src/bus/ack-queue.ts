import { type Redis } from 'ioredis';

export interface AckQueueInit {
  cmd: Redis;
  /** The consumer group the acknowledgements are for. */
  group: string;
  warn: (what: string, error: unknown) => void;
}

/**
 * Acknowledgements of one consumer group, sent in batches (one `XACK` per stream per turn of
 * the event loop) and remembered after Redis confirms them.
 *
 * Why remember: an entry whose `XACK` has not been applied yet is still pending for this
 * consumer, so a read of its own pending entries after a reconnect, or a claim, hands it back.
 * The reader asks `has()` and skips it instead of delivering a message the handler already
 * finished: a redelivery to the same living consumer is never a duplicate delivery. An `XACK`
 * that fails (connection lost) stays queued and is sent again by the next `flush()`.
 */
/**
 * How many confirmed acknowledgements are remembered too: a read of pending entries sent before
 * an `XACK` can be answered before it yet be handled after it, so confirmation alone does not
 * close the window. Stream ids are never reused, so remembering is always safe.
 */
const REMEMBERED = 10_000;

export class AckQueue {
  /** `stream id` keys acknowledged by the handler, not yet confirmed by Redis. */
  private readonly unconfirmed = new Map<string, { stream: string; id: string }>();
  private readonly sending = new Set<string>();
  /** Confirmed keys, oldest first (a `Set` iterates in insertion order). */
  private readonly confirmed = new Set<string>();
  private scheduled = false;

  constructor(private readonly init: AckQueueInit) {}

  get size(): number {
    return this.unconfirmed.size;
  }

  /** Acknowledged by this consumer, confirmed or not (within the last `REMEMBERED`). */
  has(key: string): boolean {
    return this.unconfirmed.has(key) || this.confirmed.has(key);
  }

  add(stream: string, id: string): void {
    this.unconfirmed.set(`${stream} ${id}`, { stream, id });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Sends every queued acknowledgement not already on its way; resolves when Redis answered. */
  async flush(): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const [key, { stream, id }] of this.unconfirmed) {
      if (this.sending.has(key)) continue;
      this.sending.add(key);
      const ids = byStream.get(stream);
      if (ids === undefined) byStream.set(stream, [id]);
      else ids.push(id);
    }
    await Promise.all(
      [...byStream].map(async ([stream, ids]) => {
        try {
          await this.init.cmd.xack(stream, this.init.group, ...ids);
          for (const id of ids) this.confirm(`${stream} ${id}`);
        } catch (error) {
          this.init.warn(`XACK of ${ids.length} entries on ${stream}`, error);
        } finally {
          for (const id of ids) this.sending.delete(`${stream} ${id}`);
        }
      }),
    );
  }

  private confirm(key: string): void {
    this.unconfirmed.delete(key);
    this.confirmed.add(key);
    if (this.confirmed.size > REMEMBERED) {
      const oldest = this.confirmed.values().next().value;
      if (oldest !== undefined) this.confirmed.delete(oldest);
    }
  }
}
