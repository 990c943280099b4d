import { Priority, type Message } from '@guildkit/core';
import { colorsFor } from './colors';
import { renderReply } from './interactive-session';
import { type RunSession } from './run-session';

const session = {
  colors: colorsFor({ write: () => true }, {}),
  command: { verbose: false },
} as RunSession;

function reply(payload: Message['payload'], isErrorMessage = false): Message {
  return {
    id: '1',
    topics: ['default_topic'],
    sender: { id: 'code_agent', name: 'Code Agent' },
    format: isErrorMessage ? 'ErrorMessage' : 'CodeResponse',
    payload,
    inResponseTo: null,
    thread: ['1'],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: 0,
    isErrorMessage,
    messageHistory: [],
  };
}

describe(renderReply, () => {
  it('should show stdout, then the value of the final expression', () => {
    expect(
      renderReply(
        reply({ status: 'success', output: 'x', stdout: 'hi\n', display: '42' }),
        session,
      ),
    ).toBe('hi\n42');
  });

  it('should show nothing for a silent statement', () => {
    expect(
      renderReply(reply({ status: 'success', output: 'No output variable defined' }), session),
    ).toBe('');
  });

  it('should show the error of a failed run', () => {
    expect(
      renderReply(
        reply({ status: 'error', error: 'ZeroDivisionError: division by zero' }),
        session,
      ),
    ).toBe('ZeroDivisionError: division by zero');
  });

  it('should show what the failed run printed, then its traceback', () => {
    const traceback =
      'Traceback (most recent call last):\n  File "<cell-1>", line 2, in <module>\n' +
      'ZeroDivisionError: division by zero\n';
    const text = renderReply(
      reply({
        status: 'error',
        error: 'ZeroDivisionError: division by zero',
        traceback,
        stdout: 'before\n',
        stderr: 'warned\n',
      }),
      session,
    );
    expect(text).toBe(`before\nwarned\n${traceback.trimEnd()}`);
  });

  it('should show an agent error message in full', () => {
    const text = renderReply(reply({ error_message: 'boom' }, true), session);
    expect(text).toContain('✗ Code Agent (code_agent)  ErrorMessage');
    expect(text).toContain('boom');
  });
});
