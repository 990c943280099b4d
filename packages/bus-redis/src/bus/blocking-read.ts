import { type Redis } from 'ioredis';
import { type RedisBusSettings } from '../config/redis-bus-settings';
import { parseStreams, type StreamEntry } from './stream-replies';

export interface BlockingReadInit {
  /** The shared command connection: the read's own connection is its duplicate. */
  cmd: Redis;
  group: string;
  consumer: string;
  /** `blockMs` is used. */
  settings: RedisBusSettings;
  /** Called each time the read's connection is (re)established. */
  onReady: () => void;
}

/**
 * A consumer's blocking `XREADGROUP ... >`, on a connection of its own (a blocked connection
 * runs nothing else), and the means to cut it short with `CLIENT UNBLOCK` when the streams to
 * read change.
 *
 * @example
 * const blocking = new BlockingRead({ cmd, group, consumer, settings, onReady });
 * for (const { stream, entries } of await blocking.read(streams, 10)) ...
 * await blocking.interrupt(() => currentStreams);
 */
export class BlockingRead {
  private readonly connection: Redis;
  private clientId: number | undefined;
  /** The streams of the read in flight, if one is. */
  private reading: string[] | undefined;

  constructor(private readonly init: BlockingReadInit) {
    this.connection = init.cmd.duplicate();
    this.connection.on('error', () => undefined); // the caller's read sees every failure
    // A new connection has a new client id (for CLIENT UNBLOCK).
    this.connection.on('close', () => {
      this.clientId = undefined;
    });
    this.connection.on('ready', init.onReady);
  }

  /** Reads at most `count` new entries of `streams`, waiting up to `blockMs` for one. */
  async read(
    streams: string[],
    count: number,
  ): Promise<{ stream: string; entries: StreamEntry[] }[]> {
    const { group, consumer, settings } = this.init;
    this.clientId ??= Number(await this.connection.call('CLIENT', 'ID'));
    this.reading = streams;
    try {
      const reply = await this.connection.call(
        'XREADGROUP',
        'GROUP',
        group,
        consumer,
        'COUNT',
        count,
        'BLOCK',
        settings.blockMs,
        'STREAMS',
        ...streams,
        ...streams.map(() => '>'),
      );
      return parseStreams(reply);
    } finally {
      this.reading = undefined;
    }
  }

  /** Cuts short a read in flight whose streams are no longer `current()`. */
  async interrupt(current: () => string[]): Promise<void> {
    // The read may not have reached the server yet when UNBLOCK does (it then unblocks
    // nothing): retry briefly while a read with an outdated stream list is in flight.
    for (let attempt = 0; attempt < 40; attempt++) {
      const reading = this.reading;
      if (reading === undefined || this.clientId === undefined) return;
      if (current().join() === reading.join()) return;
      const unblocked = await this.init.cmd.call('CLIENT', 'UNBLOCK', this.clientId).catch(() => 0);
      if (unblocked === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  disconnect(): void {
    this.connection.disconnect();
  }
}
