import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Message } from '@guildkit/core';
import { agentMessage, useRunSession } from '../__tests__/run-session-fixture';
import { renderReply } from './render-reply';

const session = useRunSession('results');
const reply = (payload: Message['payload'], isErrorMessage = false): Message =>
  agentMessage(isErrorMessage ? 'ErrorMessage' : 'CodeResponse', payload, {
    id: '1',
    sender: { id: 'code_agent', name: 'Code Agent' },
    isErrorMessage,
  });

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

  it('should write images and HTML of rich results to the output directory and show their paths', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const text = renderReply(
      reply({
        status: 'success',
        output: 1,
        results: [
          {
            isMainResult: false,
            data: { 'text/plain': '<Chart>', 'image/png': png.toString('base64') },
          },
          { isMainResult: true, data: { 'text/plain': 'T', 'text/html': '<b>T</b>' } },
        ],
      }),
      session,
    );
    const files = [...text.matchAll(/\[(image\/png|text\/html): (.+)\]/g)].map((m) => m[2]!);
    expect(files).toHaveLength(2);
    expect(readFileSync(files[0]!)).toEqual(png);
    expect(readFileSync(files[1]!, 'utf8')).toBe('<b>T</b>');
  });

  it('should show only what was not streamed: the value, the traceback, the files', () => {
    const payload = { status: 'success', output: 1, stdout: 'streamed\n', display: '42' };
    expect(renderReply(reply(payload), session, { streamed: true })).toBe('42');
    const failed = { status: 'error', error: 'E: x', traceback: 'Traceback\nE: x\n', stdout: 'a' };
    expect(renderReply(reply(failed), session, { streamed: true })).toBe('Traceback\nE: x');
  });

  it('should write output files under the output directory once per change, and refuse escapes', () => {
    const written = new Map<string, string>();
    const file = (path: string, text: string) => ({
      path,
      size: text.length,
      data: Buffer.from(text).toString('base64'),
    });
    const payload = (text: string) => ({
      status: 'success',
      output: 1,
      output_files: [file('out/r.csv', text), file('../escape.txt', 'x'), file('/etc/x', 'x')],
    });
    const first = renderReply(reply(payload('a,b\n')), session, { written });
    expect(first.split('\n')).toEqual([
      expect.stringMatching(/^\[file: .*out\/r\.csv\]$/),
      `[file: '../escape.txt' not written: not a relative path inside ${session.command.outputDir}]`,
      `[file: '/etc/x' not written: not a relative path inside ${session.command.outputDir}]`,
    ]);
    expect(readFileSync(join(session.command.outputDir, 'out', 'r.csv'), 'utf8')).toBe('a,b\n');
    expect(renderReply(reply(payload('a,b\n')), session, { written })).not.toContain('r.csv');
    expect(renderReply(reply(payload('c,d\n')), session, { written })).toContain('r.csv');
    expect(readFileSync(join(session.command.outputDir, 'out', 'r.csv'), 'utf8')).toBe('c,d\n');
  });
});
