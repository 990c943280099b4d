import { type JsonObject, type Message } from '@guildkit/core';
import { CodeOutput, type CodeOutputEvent } from '@guildkit/python-exec';
import { formatMessage } from './format-message';
import { renderReply } from './render-reply';
import { type RunSession } from './run-session';
import { saveRichResults } from './save-results';

/** A streamed request's `CodeOutput` messages: the next `seq` to show, and those that came early. */
interface Streamed {
  next: number;
  early: Map<number, CodeOutputEvent[]>;
}

/**
 * What the REPL prints for the code agent's messages: a streaming request's `CodeOutput` events
 * as they come (in `seq` order), then the rest of its final reply; other replies whole.
 *
 * @example
 * const printer = new CellPrinter(session);
 * await guild.onMessage((message) => io.stdout.write(printer.render(message)));
 */
export class CellPrinter {
  private readonly streamed = new Map<string, Streamed>();
  /** Output files written in this session, path → digest. */
  private readonly written = new Map<string, string>();
  /** The last streamed text did not end its line. */
  private lineOpen = false;

  constructor(private readonly session: RunSession) {}

  /** The text to print for one bus message ('' for none). */
  render(message: Message): string {
    if (message.sender.id === 'guild_client') return '';
    const request = message.inResponseTo;
    if (message.format === CodeOutput.format && request !== null) {
      return this.output(message, request);
    }
    if (message.payload['status'] === undefined && !message.isErrorMessage) return '';
    const streamed = request !== null && this.streamed.delete(request);
    const text = renderReply(message, this.session, { streamed, written: this.written });
    return text === '' ? '' : this.line(text);
  }

  private output(message: Message, request: string): string {
    let output: CodeOutput;
    try {
      output = CodeOutput.fromJson(message.payload);
    } catch {
      return this.line(formatMessage(message, this.session.colors));
    }
    let state = this.streamed.get(request);
    if (state === undefined) {
      state = { next: 0, early: new Map() };
      this.streamed.set(request, state);
    }
    state.early.set(output.seq, output.events);
    let text = '';
    for (let events = state.early.get(state.next); events; events = state.early.get(state.next)) {
      state.early.delete(state.next);
      state.next += 1;
      for (const event of events) text += this.event(event);
    }
    return text;
  }

  private event(event: CodeOutputEvent): string {
    if (event.type !== 'result') {
      if (event.text === '') return '';
      this.lineOpen = !event.text.endsWith('\n');
      return event.text;
    }
    const saved = saveRichResults([event.result], this.session.command.outputDir);
    if (saved.length > 0) return this.line(saved.join('\n'));
    // display(42) shows its text; the last expression's value comes with the final reply.
    const { isMainResult, data } = event.result as { isMainResult?: unknown; data?: JsonObject };
    const plain = data?.['text/plain'];
    return isMainResult !== true && typeof plain === 'string' ? this.line(plain) : '';
  }

  /** A line of its own, after what was streamed on the current line. */
  private line(text: string): string {
    const before = this.lineOpen ? '\n' : '';
    this.lineOpen = false;
    return `${before}${text}\n`;
  }
}
