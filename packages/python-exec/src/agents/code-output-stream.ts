import { type JsonObject } from '@guildkit/core';
import { CodeOutput, type CodeOutputEvent } from './code-output';

/** At most one `CodeOutput` per this many ms, so a print loop does not flood the bus. */
export const OUTPUT_FLUSH_MS = 20;
/** Text per `CodeOutput` message; longer output is split. */
export const OUTPUT_CHUNK_CHARS = 64 * 1024;

/** Where the first `n` characters of `text` end, without splitting a surrogate pair. */
function cut(text: string, n: number): number {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}

/**
 * Batches a running call's output into ordered `CodeOutput` messages: output waits at most
 * `OUTPUT_FLUSH_MS` (the first piece after a quiet spell goes at once), one message is sent at a
 * time (output produced meanwhile joins the next one), and each carries at most
 * `OUTPUT_CHUNK_CHARS` of text. A failed send is dropped: output is progress, the final answer
 * carries all of it.
 */
export class CodeOutputStream {
  private events: CodeOutputEvent[] = [];
  private chars = 0;
  private seq = 0;
  private scheduled = false;
  private lastFlush = -Infinity;
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (output: CodeOutput) => Promise<unknown>) {}

  write(type: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    let rest = text;
    while (rest !== '') {
      const room = OUTPUT_CHUNK_CHARS - this.chars;
      const piece = rest.length <= room ? rest : rest.slice(0, cut(rest, room));
      if (piece === '') {
        // Only a surrogate pair is left to fit in one unit of room: it goes in the next message.
        this.flush();
        continue;
      }
      rest = rest.slice(piece.length);
      const last = this.events[this.events.length - 1];
      if (last?.type === type) last.text += piece;
      else this.events.push({ type, text: piece });
      this.chars += piece.length;
      if (this.chars >= OUTPUT_CHUNK_CHARS) this.flush();
    }
    this.schedule();
  }

  result(result: JsonObject): void {
    this.events.push({ type: 'result', result });
    this.schedule();
  }

  /** Sends what is left; resolves once every message is sent (or dropped). */
  async finish(): Promise<void> {
    clearTimeout(this.timer);
    await this.sending;
    this.flush();
    await this.sending;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + OUTPUT_FLUSH_MS - performance.now();
    const go = () => {
      // Waits for the message being sent, so output produced meanwhile joins the next one.
      void this.sending.then(() => {
        this.scheduled = false;
        this.flush();
      });
    };
    if (wait <= 0) go();
    else this.timer = setTimeout(go, wait);
  }

  private flush(): void {
    if (this.events.length === 0) return;
    const output = new CodeOutput(this.seq++, this.events);
    this.events = [];
    this.chars = 0;
    this.lastFlush = performance.now();
    this.sending = this.sending
      .then(() => this.send(output))
      .then(
        () => undefined,
        () => undefined,
      );
  }
}
