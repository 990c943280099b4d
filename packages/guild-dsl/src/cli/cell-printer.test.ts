import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Priority, type Message } from '@guildkit/core';
import { CellPrinter } from './cell-printer';
import { colorsFor } from './colors';
import { type RunSession } from './run-session';

const outputDir = mkdtempSync(join(tmpdir(), 'guildkit-cells-'));
afterAll(() => {
  rmSync(outputDir, { recursive: true, force: true });
});

const session = {
  colors: colorsFor({ write: () => true }, {}),
  command: { verbose: false, outputDir },
} as RunSession;

function message(format: string, payload: Message['payload']): Message {
  return {
    id: '2',
    topics: ['default_topic'],
    sender: { id: 'coder', name: 'Coder' },
    format,
    payload,
    inResponseTo: 'request-1',
    thread: ['1'],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: 0,
    isErrorMessage: false,
    messageHistory: [],
  };
}

describe(CellPrinter, () => {
  it('should print streamed events in seq order, then only the rest of the final reply', () => {
    const printer = new CellPrinter(session);
    const second = message('CodeOutput', {
      seq: 1,
      events: [
        { type: 'result', result: { isMainResult: false, data: { 'text/plain': '7' } } },
        { type: 'stdout', text: 'no newline' },
      ],
    });
    const first = message('CodeOutput', { seq: 0, events: [{ type: 'stdout', text: 'a\n' }] });
    expect(printer.render(second)).toBe('');
    expect(printer.render(first)).toBe('a\n7\nno newline');
    const final = message('CodeResponse', {
      status: 'success',
      output: 1,
      stdout: 'a\nno newline',
      display: '42',
    });
    expect(printer.render(final)).toBe('\n42\n');
  });

  it('should print a whole reply that was not streamed', () => {
    const printer = new CellPrinter(session);
    const final = message('CodeResponse', { status: 'success', output: 1, stdout: 'hi\n' });
    expect(printer.render(final)).toBe('hi\n');
  });
});
