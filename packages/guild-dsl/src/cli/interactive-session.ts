import { createInterface } from 'node:readline';
import { type Message } from '@guildkit/core';
import { formatMessage } from './format-message';
import { saveRichResults } from './save-results';
import { sendAndSettle, type RunSession } from './run-session';

const QUIT = new Set(['exit()', 'quit()', ':quit', ':q']);

/**
 * How a REPL shows a code agent's reply: its stdout, the last expression's value, or the error;
 * images and HTML among its rich results are written to `--output-dir` and their paths shown.
 */
export function renderReply(message: Message, session: RunSession): string {
  const { payload } = message;
  const { colors } = session;
  if (message.isErrorMessage) {
    return formatMessage(message, colors, { verbose: session.command.verbose });
  }
  const parts: string[] = [];
  for (const stream of ['stdout', 'stderr']) {
    const text = payload[stream];
    if (typeof text === 'string' && text !== '') parts.push(text.replace(/\n$/, ''));
  }
  if (payload['status'] === 'error') {
    // The traceback ends with the error line, as Python prints it.
    const { traceback, error } = payload;
    const shown =
      typeof traceback === 'string' && traceback !== ''
        ? traceback.replace(/\n$/, '')
        : typeof error === 'string'
          ? error
          : JSON.stringify(payload);
    return [...parts, colors.red(shown)].join('\n');
  }
  if (typeof payload['display'] === 'string') parts.push(payload['display']);
  parts.push(...saveRichResults(payload['results'], session.command.outputDir));
  if (parts.length > 0 || payload['status'] === 'success') return parts.join('\n');
  return formatMessage(message, colors);
}

/**
 * `guildkit run --interactive`: a prompt where each entry is sent as `{code, input_data}` to the
 * code agent, which runs it in its stateful interpreter, the way a Python REPL would. A line
 * ending in `:` opens a block that an empty line closes. `exit()`, Ctrl-D or Ctrl-C on an empty
 * prompt ends the session; Ctrl-C while a cell runs ends it too, without waiting for the cell.
 */
export async function interactiveSession(session: RunSession): Promise<void> {
  const { io, guild, command } = session;
  const terminal = io.stdout.isTTY === true && (io.stdin as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: io.stdin, output: process.stdout, terminal });
  const write = (text: string) => {
    session.progress.clear();
    io.stdout.write(text);
  };
  const stopPrinting = guild.onMessage((message) => {
    if (message.sender.id === 'guild_client') return;
    if (message.payload['status'] === undefined && !message.isErrorMessage) return;
    const text = renderReply(message, session);
    if (text !== '') write(`${text}\n`);
  });
  let block: string[] = [];
  const prompt = () => {
    rl.setPrompt(block.length > 0 ? '... ' : '>>> ');
    if (terminal) rl.prompt();
  };
  // Set while a cell runs: Ctrl-C then stops waiting for it and ends the session, which shuts
  // the guild down (closing the sandbox) instead of waiting for the executor's timeout.
  let stopCell: (() => void) | undefined;
  rl.on('SIGINT', () => {
    if (stopCell !== undefined) {
      write('\nKeyboardInterrupt: stopping the guild and its interpreters\n');
      stopCell();
    } else if (block.length === 0) rl.close();
    else {
      block = [];
      write('\nKeyboardInterrupt\n');
      prompt();
    }
  });
  // SIGTERM/SIGHUP (and Ctrl-C outside the prompt) end the session like Ctrl-D.
  void session.interrupted.then(() => {
    rl.close();
  });
  write(`Python in '${guild.name}': type code, exit() to leave.\n`);
  prompt();
  try {
    for await (const line of rl) {
      if (block.length === 0 && QUIT.has(line.trim())) break;
      if (block.length > 0 ? line.trim() !== '' : line.trimEnd().endsWith(':')) {
        block.push(line);
        prompt();
        continue;
      }
      const code = block.length > 0 ? block.join('\n') : line;
      block = [];
      if (code.trim() !== '') {
        const payload = { code, input_data: {} };
        const cellStopped = new Promise<void>((resolve) => {
          stopCell = resolve;
        });
        const outcome = await sendAndSettle(
          { ...session, interrupted: Promise.race([session.interrupted, cellStopped]) },
          { format: command.codeFormat, payload },
        );
        stopCell = undefined;
        if (outcome === 'interrupted') break;
      }
      prompt();
    }
  } finally {
    stopPrinting();
    rl.close();
  }
}
