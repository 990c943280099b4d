import { type Message, type MessageObserver } from '@guildkit/core';
import { type Redis } from 'ioredis';
import { errorText, fieldOf, parsePairs, parseStreams } from './stream-replies';
import { settleWithin, Wakeable } from './wakeable';

export interface FirehoseReaderInit {
  cmd: Redis;
  /** The namespace's firehose stream. */
  stream: string;
  observer: MessageObserver;
  blockMs: number;
  /** Entries taken per read: the bound on what one observer buffers. */
  count: number;
  onObserverError: (error: unknown, topic: string) => void;
}

/**
 * Follows a namespace's firehose stream (every message, one entry per topic, in publish order)
 * with plain `XREAD` from the position at `start()`, on its own blocking connection.
 */
export class FirehoseReader {
  private readonly block: Redis;
  private readonly wakeable = new Wakeable();
  private lastId = '0-0';
  private stopped = false;
  /** A method, not a field read, so checks after an `await` are not narrowed away. */
  private isStopped(): boolean {
    return this.stopped;
  }
  private loop: Promise<void> | undefined;

  constructor(private readonly init: FirehoseReaderInit) {
    this.block = init.cmd.duplicate();
    this.block.on('error', () => undefined);
  }

  /** Starts after the newest entry that exists now: only messages published from now on. */
  async start(): Promise<void> {
    try {
      const info = parsePairs(await this.init.cmd.call('XINFO', 'STREAM', this.init.stream));
      const last = info['last-generated-id'];
      if (typeof last === 'string') this.lastId = last;
    } catch (error) {
      if (!errorText(error).includes('no such key')) throw error;
    }
    this.loop = this.run();
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.wakeable.wake();
    this.block.disconnect();
    await settleWithin(this.loop, timeoutMs);
  }

  private async run(): Promise<void> {
    const { stream, blockMs, count } = this.init;
    while (!this.isStopped()) {
      try {
        const reply = await this.block.call(
          'XREAD',
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          this.lastId,
        );
        for (const { entries } of parseStreams(reply)) {
          for (const entry of entries) {
            this.lastId = entry.id;
            if (!this.isStopped() && entry.fields !== null) this.emit(entry.fields);
          }
        }
      } catch {
        if (this.isStopped()) break;
        await this.wakeable.sleep(100);
      }
    }
  }

  private emit(fields: string[]): void {
    const topic = fieldOf(fields, 't') ?? '';
    try {
      const message = JSON.parse(fieldOf(fields, 'm') ?? 'null') as Message;
      message.topicPublishedTo = topic;
      this.init.observer(message, topic);
    } catch (error) {
      try {
        this.init.onObserverError(error, topic);
      } catch {
        // a throwing error hook must not stop the reader
      }
    }
  }
}
