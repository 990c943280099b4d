import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(150_000);

const root = join(__dirname, '..', '..');
const spec = join(__dirname, 'guild.yaml');

interface Run {
  done: Promise<{ code: number | null; output: string; ms: number }>;
  /** Resolves once the output contains `text` `times` times. */
  saw: (text: string, times: number) => Promise<void>;
  /** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
  interrupt: () => void;
}

/** The README's one command, from the repository root, in its own process group. */
function runReadmeCommand(): Run {
  const env = { ...process.env };
  delete env['GUILDKIT_REDIS_URL']; // the launcher starts its own redis-server
  const started = Date.now();
  const child = spawn('pnpm', ['--filter', '@guildkit/examples', 'distributed'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const waiting = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const check of waiting) check();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const done = new Promise<{ code: number | null; output: string; ms: number }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, output, ms: Date.now() - started });
      });
    },
  );
  const saw = (text: string, times: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (output.split(text).length - 1 < times) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
      void done.then(() => {
        reject(new Error(`exited before "${text}" x${times}:\n${output}`));
      });
    });
  const interrupt = (): void => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
  };
  return { done, saw, interrupt };
}

/**
 * Whether `pid` still runs. A zombie does not: it has exited and holds nothing but its pid
 * until a parent reaps it, which an orphan's new parent (the container's init) may never do.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // "pid (comm) state ...": comm may contain spaces, the state follows its closing paren.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone while we looked
  }
}

/** Processes whose command line names this example's spec or `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (args.includes(text)) found.push(`${pid}: ${args}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** The redis-server, the given pids and every process of this example have exited. */
function expectNothingLeft(output: string, pids: number[]): void {
  const redis = /started redis-server \(pid (\d+)\) at redis:\/\/127\.0\.0\.1:(\d+)/.exec(output);
  expect(redis).not.toBeNull();
  const [, redisPid, redisPort] = redis ?? [];
  for (const pid of [...pids, Number(redisPid)]) expect(alive(pid)).toBe(false);
  expect(processesMentioning(spec)).toEqual([]);
  expect(processesMentioning(`127.0.0.1:${redisPort}`)).toEqual([]);
}

function hostPid(output: string, agent: string): number {
  const match = new RegExp(`^\\[${agent}\\] +${agent} is hosted in process (\\d+)$`, 'm').exec(
    output,
  );
  if (match?.[1] === undefined) throw new Error(`no "${agent} is hosted" line in:\n${output}`);
  return Number(match[1]);
}

describe('examples/distributed: one guild in three processes on Redis', () => {
  it('should answer every request once from agents in their own processes, then leave nothing running', async () => {
    const { code, output, ms } = await runReadmeCommand().done;
    expect(code).toBe(0);
    expect(output).toContain('distributed: done, everything stopped');

    const answers = [
      ...output.matchAll(/^\[client\] +● Planner \(planner\) {2}SquaresAnswer {2}(.+)$/gm),
    ]
      .map((m) => JSON.parse(m[1] ?? '') as Record<string, unknown>)
      .sort((a, b) => Number(a['n']) - Number(b['n']));
    const planner = hostPid(output, 'planner');
    const coder = hostPid(output, 'coder');
    expect(answers).toEqual(
      [10, 100, 1000].map((n) => ({
        n,
        sum: (n * (n + 1) * (2 * n + 1)) / 6,
        checked: true,
        planner_pid: planner,
        coder_pid: coder,
      })),
    );
    expect(output.match(/^\[client\] +● Coder \(coder\) {2}CodeResponse /gm)).toHaveLength(3);
    // Placement: each agent started only in its own process, and the two are different ones.
    expect(planner).not.toBe(coder);
    expect(output.match(/is hosted in process/g)).toHaveLength(2);
    expect(output).not.toMatch(/^\[client\].*is hosted in process/m);

    expectNothingLeft(output, [planner, coder]);
    process.stdout.write(`examples/distributed: the one command took ${ms} ms\n`);
  });

  it('should stop every process it started, and its redis-server, on Ctrl-C', async () => {
    const run = runReadmeCommand();
    await run.saw('press Ctrl-C to stop', 2);
    const stopped = Date.now();
    run.interrupt();
    const { code, output } = await run.done;
    expect(Date.now() - stopped).toBeLessThan(15_000);
    expect(output).toContain('distributed: stopping on SIGINT');
    expect(code).not.toBe(0);
    expectNothingLeft(output, [hostPid(output, 'planner'), hostPid(output, 'coder')]);
  });
});
