import { type Message } from '@guildkit/core';
import { agentMessage, useRunSession } from '../__tests__/run-session-fixture';
import { CellPrinter } from './cell-printer';

const session = useRunSession('cells');
const message = (format: string, payload: Message['payload']): Message =>
  agentMessage(format, payload, { inResponseTo: 'request-1' });

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
