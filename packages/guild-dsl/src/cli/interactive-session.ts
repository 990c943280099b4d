import { createInterface } from 'node:readline';
import { CodeInterrupt } from '@guildkit/python-exec';
import { CellPrinter } from './cell-printer';
import { sendAndSettle, type RunSession } from './run-session';

const QUIT = new Set(['exit()', 'quit()', ':quit', ':q']);

/** The cell in progress: its request id once published, and whether Ctrl-C interrupted it. */
interface RunningCell {
  stop: () => void;
  id?: string;
  interrupting: boolean;
}

/**
 * `guildkit run --interactive`: a prompt where each entry is sent as
 * `{code, input_data, stream: true, output_files}` to the code agent, which runs it in its
 * stateful interpreter, the way a Python REPL would; its output is printed as the agent streams
 * it (`CodeOutput`). A line ending in `:` opens a block that an empty line closes. `exit()`,
 * Ctrl-D or Ctrl-C on an empty prompt ends the session. Ctrl-C while a cell runs sends a
 * `CodeInterrupt` for it (the cell ends with `KeyboardInterrupt`, the session and its state go
 * on); a second Ctrl-C before the cell ends stops waiting and ends the session.
 */
export async function interactiveSession(session: RunSession): Promise<void> {
  const { io, guild, command } = session;
  const write = (text: string) => {
    session.progress.clear();
    io.stdout.write(text);
  };
  const printer = new CellPrinter(session);
  // The tap goes first: readline starts reading at once, and a line must not arrive before it.
  const printing = await guild.onMessage((message) => {
    const text = printer.render(message);
    if (text !== '') write(text);
  });
  const terminal = io.stdout.isTTY === true && (io.stdin as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: io.stdin, output: process.stdout, terminal });
  let block: string[] = [];
  const prompt = () => {
    rl.setPrompt(block.length > 0 ? '... ' : '>>> ');
    if (terminal) rl.prompt();
  };
  // Set while a cell runs. The first Ctrl-C interrupts it through the bus; a second one stops
  // waiting and ends the session, which shuts the guild down (closing the sandbox), for code
  // that ignores the interrupt or an agent that does not handle it.
  let cell: RunningCell | undefined;
  const interrupt = (id: string) => {
    guild
      .publish({ format: CodeInterrupt.format, payload: { request_id: id } })
      .catch(() => undefined);
  };
  rl.on('SIGINT', () => {
    if (cell?.interrupting === true) {
      write('\nKeyboardInterrupt: stopping the guild and its interpreters\n');
      cell.stop();
    } else if (cell !== undefined) {
      cell.interrupting = true;
      write(
        `\n${session.colors.dim('^C interrupting the cell (Ctrl-C again ends the session)')}\n`,
      );
      if (cell.id !== undefined) interrupt(cell.id);
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
        const payload = {
          code,
          input_data: {},
          stream: true,
          ...(command.outputFiles.length > 0 && { output_files: command.outputFiles }),
        };
        const running: RunningCell = { stop: () => undefined, interrupting: false };
        const cellStopped = new Promise<void>((resolve) => {
          running.stop = resolve;
        });
        cell = running;
        const outcome = await sendAndSettle(
          { ...session, interrupted: Promise.race([session.interrupted, cellStopped]) },
          {
            format: command.codeFormat,
            payload,
            onPublished: (request) => {
              running.id = request.id;
              if (running.interrupting) interrupt(request.id);
            },
          },
        );
        cell = undefined;
        if (outcome === 'interrupted') break;
      }
      prompt();
    }
  } finally {
    await printing.unsubscribe();
    rl.close();
  }
}
