// @ts-check
// A call's stdout and stderr inside the interpreter: each capped at the request's limit, and for a
// streaming call sent to the sandbox host as `output` events in the order they were written.
/** @import { OutputMessage } from '../src/sandbox/protocol/index.ts' */

/** Output of a streaming call goes out in pieces at most this far apart (or this large). */
const FLUSH_MS = 2;
const FLUSH_BYTES = 4096;

/**
 * @typedef {{ id: string, slot: number }} CallTarget
 * @typedef {'stdout' | 'stderr'} StreamName
 */

/**
 * The streaming side: one ordered queue for both streams, so a batch never reorders stdout
 * against stderr. The first piece after a quiet spell goes at once; what follows within
 * `FLUSH_MS` waits for the next write, `flush()` (before a rich result, before the code
 * sleeps) or the end of the call.
 */
export class OutputStreamer {
  /** @param {(event: OutputMessage) => void} post */
  constructor(post) {
    this.post = post;
    /** @type {CallTarget | null} */
    this.target = null;
    /** @type {{ stream: StreamName, text: string }[]} */
    this.queue = [];
    this.chars = 0;
    this.lastFlush = -Infinity;
  }

  /** @param {CallTarget | null} target where events go; null for a call that does not stream */
  begin(target) {
    this.target = target;
    this.queue = [];
    this.chars = 0;
    this.lastFlush = -Infinity;
  }

  get active() {
    return this.target !== null;
  }

  /**
   * @param {StreamName} stream
   * @param {string} text
   */
  push(stream, text) {
    if (!this.target || !text) return;
    const last = this.queue[this.queue.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.queue.push({ stream, text });
    this.chars += text.length;
    if (this.chars >= FLUSH_BYTES || performance.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  flush() {
    const { target } = this;
    if (!target) return;
    for (const { stream, text } of this.queue) this.post({ op: 'output', ...target, stream, text });
    this.queue = [];
    this.chars = 0;
    this.lastFlush = performance.now();
  }
}

/**
 * One output stream of a call: keeps at most `limit` bytes and calls `onOverflow` (which stops
 * the code) when it writes more; for a streaming call it hands the text to the streamer as it
 * comes instead of keeping it.
 */
export class CappedSink {
  /**
   * @param {StreamName} name
   * @param {OutputStreamer} streamer
   * @param {() => void} onOverflow
   */
  constructor(name, streamer, onOverflow) {
    this.name = name;
    this.streamer = streamer;
    this.onOverflow = onOverflow;
    this.limit = 0;
    /** @type {Uint8Array[]} */
    this.chunks = [];
    this.bytes = 0;
    this.truncated = false;
    this.decoder = new TextDecoder();
  }

  /** @param {number} limit */
  reset(limit) {
    this.limit = limit;
    this.chunks = [];
    this.bytes = 0;
    this.truncated = false;
    this.decoder = new TextDecoder();
  }

  /** @param {Uint8Array} buffer */
  write(buffer) {
    const room = this.limit - this.bytes;
    if (room > 0) {
      const kept = buffer.length <= room ? buffer : buffer.subarray(0, room);
      this.bytes += kept.length;
      if (this.streamer.active) {
        this.streamer.push(this.name, this.decoder.decode(kept, { stream: true }));
      } else {
        this.chunks.push(kept.slice());
      }
    }
    if (buffer.length > room && !this.truncated) {
      this.truncated = true;
      this.onOverflow();
    }
    return buffer.length;
  }

  /** Ends the call's stream: what is left, and the truncation marker. */
  end() {
    if (!this.streamer.active) return;
    this.streamer.push(this.name, this.decoder.decode() + (this.truncated ? this.marker() : ''));
  }

  marker() {
    return `\n[output truncated at ${this.limit} bytes]\n`;
  }

  /** Everything kept, for a call that does not stream. */
  text() {
    if (this.streamer.active) return '';
    const text = new TextDecoder().decode(Buffer.concat(this.chunks));
    return this.truncated ? text + this.marker() : text;
  }
}
