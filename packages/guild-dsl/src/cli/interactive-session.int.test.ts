import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Agent, AgentBuilder, type Guild, GuildBuilder, processor } from '@guildkit/core';
import '@guildkit/python-exec';
import { type RunCommand } from './cli-command';
import { colorsFor } from './colors';
import { interactiveSession } from './interactive-session';
import { parseArgs } from './parse-args';
import { Progress } from './progress';

jest.setTimeout(120_000);

class StuckCoder extends Agent {
  override processorTimeoutMs = null;
  @processor('CodeRequest')
  run(): Promise<void> {
    return new Promise(() => undefined);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A session on a terminal: what it wrote (with when), its keyboard, and its end. */
function startSession(guild: Guild, args: string[] = []) {
  const chunks: { text: string; at: number }[] = [];
  const terminal = {
    write: (text: string) => {
      chunks.push({ text, at: Date.now() });
      return true;
    },
    isTTY: true,
  };
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const done = interactiveSession({
    guild,
    command: parseArgs(['run', 'guild.yaml', '-i', ...args]) as RunCommand,
    io: { stdout: terminal, stderr: terminal, stdin, env: {} },
    colors: colorsFor(terminal, {}),
    progress: new Progress({ write: () => true }),
    interrupted: new Promise(() => undefined),
  });
  const output = () => chunks.map((c) => c.text).join('');
  /** Resolves once the output matches, with when the matching chunk was written. */
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      let text = '';
      for (const chunk of chunks) {
        text += chunk.text;
        if (pattern.test(text)) return chunk.at;
      }
      await sleep(10);
    }
    throw new Error(`no ${String(pattern)} in the output:\n${output()}`);
  };
  const type = (line: string) => stdin.write(`${line}\r`);
  return { chunks, output, waitFor, type, stdin, done };
}

describe('the interactive prompt on a terminal', () => {
  let guild: Guild;
  afterEach(async () => {
    await guild.shutdown({ graceMs: 10 });
  });

  it('should interrupt a running cell on Ctrl-C, and end the session on a second Ctrl-C', async () => {
    guild = await new GuildBuilder()
      .setName('stuck')
      .setDescription('a code agent that never answers')
      .addAgentSpec(
        new AgentBuilder(StuckCoder)
          .setId('coder')
          .setName('Coder')
          .setDescription('d')
          .buildSpec(),
      )
      .launch('org');
    const interrupts: unknown[] = [];
    await guild.onMessage((message) => {
      if (message.format === 'CodeInterrupt') interrupts.push(message.payload['request_id']);
    });
    const session = startSession(guild);
    session.type('x = 1');
    await sleep(200);
    session.stdin.write('\x03');
    await session.waitFor(/interrupting the cell/);
    await sleep(100);
    expect(interrupts).toHaveLength(1);
    const start = Date.now();
    session.stdin.write('\x03');
    await session.done;
    expect(Date.now() - start).toBeLessThan(1000);
    expect(session.output()).toContain('KeyboardInterrupt: stopping the guild');
  });
});

describe('the interactive prompt with the ready-made code agent (real Pyodide)', () => {
  let guild: Guild;
  const outputDir = mkdtempSync(join(tmpdir(), 'guildkit-cli-files-'));

  beforeAll(async () => {
    guild = await new GuildBuilder()
      .setName('repl')
      .setDescription('one ready-made code agent')
      .addDependencyResolver('code_executor', {
        className: 'PythonExecExecutorResolver',
        properties: { whitelisted_imports: ['time'] },
      })
      .addAgentSpec(
        new AgentBuilder('CodeExecutionAgent')
          .setId('coder')
          .setName('Coder')
          .setDescription('runs Python')
          .buildSpec(),
      )
      .launch('org');
  });

  afterAll(async () => {
    await guild.shutdown({ graceMs: 10 });
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('should print output as the cell prints it, not when the cell ends', async () => {
    const session = startSession(guild);
    session.type(
      'import time\nfor i in range(20):\n    print(f"t={time.time()}")\n    time.sleep(0.05)\n',
    );
    session.type('print("end")');
    const first = await session.waitFor(/t=/);
    const end = await session.waitFor(/^end$/m);
    expect(end - first).toBeGreaterThan(700);
    // print → terminal latency: the time Python printed vs when the line reached the terminal.
    const latencies = session.chunks.flatMap(({ text, at }) =>
      [...text.matchAll(/t=([\d.]+)/g)].map((m) => at - Number(m[1]) * 1000),
    );
    expect(latencies).toHaveLength(20);
    latencies.sort((a, b) => a - b);
    const p50 = latencies[10]!;
    process.stdout.write(
      `print→CLI latency: p50 ${p50.toFixed(1)} ms, max ${latencies[19]!.toFixed(1)} ms\n`,
    );
    expect(p50).toBeLessThan(250);
    session.type('exit()');
    await session.done;
  });

  it('should interrupt `while True: pass` on Ctrl-C and keep the session and its state', async () => {
    const session = startSession(guild);
    session.type('x = 6');
    session.type('while True: pass');
    session.type('');
    await sleep(1500);
    session.stdin.write('\x03');
    await session.waitFor(/File "<cell-\d+>", line 1, in <module>[\s\S]*KeyboardInterrupt/);
    session.type('print(x * 7)');
    await session.waitFor(/^42$/m);
    session.type('exit()');
    await session.done;
    expect(session.output()).not.toContain('stopping the guild');
  });

  it('should write the output files a cell asks back to --output-dir, once per change', async () => {
    const session = startSession(guild, ['--output-dir', outputDir, '--output-file', '*.csv']);
    session.type('open("report.csv", "w").write("a,b\\n1,2\\n")');
    await session.waitFor(/\[file: .*report\.csv\]/);
    expect(readFileSync(join(outputDir, 'report.csv'), 'utf8')).toBe('a,b\n1,2\n');
    session.type('print("unchanged")');
    await session.waitFor(/^unchanged$/m);
    session.type('open("report.csv", "a").write("3,4\\n")');
    session.type('print("done")');
    await session.waitFor(/^done$/m);
    expect(session.output().match(/\[file: .*report\.csv\]/g)).toHaveLength(2);
    expect(readFileSync(join(outputDir, 'report.csv'), 'utf8')).toBe('a,b\n1,2\n3,4\n');
    expect(existsSync(join(outputDir, 'unchanged'))).toBe(false);
    session.type('exit()');
    await session.done;
  });
});
