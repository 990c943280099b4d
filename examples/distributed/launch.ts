// `pnpm --filter @guildkit/examples distributed`: one guild in three OS processes on Redis.
// Starts a redis-server on a free loopback port (unless GUILDKIT_REDIS_URL names one), then
// `guildkit run guild.yaml --agents planner`, `--agents coder`, and a client (`--agents ''`)
// that sends SquaresRequests, prints the conversation and exits once they are answered. Then
// everything it started is stopped, also on Ctrl-C: SIGTERM, then SIGKILL after a bound.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RedisServer } from '@guildkit/bus-redis/testing';

const root = join(__dirname, '..', '..');
const bin = join(root, 'packages', 'guild-dsl', 'bin', 'guildkit.mjs');
const spec = join(__dirname, 'guild.yaml');
/** The first run builds the Python image (about 30 s); later starts take a few seconds. */
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;
const REQUESTS = [10, 100, 1000];

interface Started {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
}

const started: Started[] = [];
let server: RedisServer | undefined;

/** Signals a child's whole process group (the `guildkit` shim and the CLI it runs). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs `guildkit run guild.yaml <args>`, its lines labelled with `name`. Every process prints
 * the whole conversation; `showBus: false` keeps only its status lines (stderr).
 */
function guildkit(
  name: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; showBus: boolean },
): Started {
  const child = spawn(process.execPath, [bin, 'run', spec, ...args], {
    cwd: root,
    env: options.env,
    stdio: ['ignore', options.showBus ? 'pipe' : 'ignore', 'pipe'],
    // Its own process group, so stopping it reaches every process under it.
    detached: true,
  });
  const label = `[${name}]`.padEnd(10);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(`${label}${line}\n`);
    });
  }
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
  const entry = { name, child, exited };
  started.push(entry);
  return entry;
}

/** Resolves once `text` shows on the child's stderr; rejects if it exits or time runs out. */
function waitForLine(process_: Started, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${process_.name} did not say "${text}" within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const stderr = process_.child.stderr;
    if (stderr === null) throw new Error('stderr is not piped');
    createInterface({ input: stderr }).on('line', (line) => {
      if (!line.includes(text)) return;
      clearTimeout(timer);
      resolve();
    });
    void process_.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${process_.name} exited (${code}) before it was ready`));
    });
  });
}

async function stopAll(): Promise<void> {
  const running = started.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  for (const s of running) signalGroup(s.child, 'SIGTERM');
  const bound = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
  await Promise.race([Promise.all(running.map((s) => s.exited)), bound]);
  for (const s of running) signalGroup(s.child, 'SIGKILL');
  await Promise.all(running.map((s) => s.exited));
}

async function main(): Promise<number> {
  const given = process.env['GUILDKIT_REDIS_URL'];
  server = given === undefined || given === '' ? await RedisServer.start() : undefined;
  const url = server?.url ?? given ?? '';
  process.stdout.write(
    server === undefined
      ? `Redis: ${url} (GUILDKIT_REDIS_URL)\n`
      : `Redis: started redis-server (pid ${server.pid}) at ${url}\n`,
  );
  // The workspace runs from source; GUILDKIT_REDIS_URL points every process at the same Redis.
  const env = { GUILDKIT_FROM_SOURCE: '1', ...process.env, GUILDKIT_REDIS_URL: url };
  try {
    const hosts = [
      guildkit('planner', ['--agents', 'planner'], { env, showBus: false }),
      guildkit('coder', ['--agents', 'coder'], { env, showBus: false }),
    ];
    await Promise.all(hosts.map((h) => waitForLine(h, 'press Ctrl-C to stop', READY_TIMEOUT_MS)));
    const sends = REQUESTS.flatMap((n) => ['--send', 'SquaresRequest', JSON.stringify({ n })]);
    const client = guildkit(
      'client',
      ['--agents', '', ...sends, '--wait', '60', '--fail-on-error'],
      { env, showBus: true },
    );
    const code = await client.exited;
    const crashed = hosts.filter((h) => h.child.exitCode !== null);
    for (const h of crashed) process.stderr.write(`distributed: ${h.name} exited early\n`);
    return crashed.length > 0 ? 1 : code;
  } finally {
    await cleanUp();
  }
}

async function cleanUp(): Promise<void> {
  await stopAll();
  await server?.remove();
  server = undefined;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\ndistributed: stopping on ${signal}...\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// Whatever happens to this process, nothing it started outlives it.
process.on('exit', () => {
  for (const s of started) signalGroup(s.child, 'SIGKILL');
});

main().then(
  (code) => {
    process.stdout.write(
      code === 0 ? 'distributed: done, everything stopped\n' : `distributed: exit ${code}\n`,
    );
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `distributed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    void cleanUp().finally(() => process.exit(1));
  },
);
