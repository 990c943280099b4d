import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { RedisBusError } from '../errors/redis-bus-error';

export interface RedisServerOptions {
  /** The binary; default `$REDIS_SERVER_BIN` or `redis-server` on the PATH. */
  binary?: string;
  /** Data directory (AOF files); default a new temp dir, removed by `remove()`. */
  dir?: string;
  /** Default: a free loopback port. */
  port?: number;
  /** Extra `redis-server` arguments, e.g. `['--maxmemory', '64mb']`. */
  args?: string[];
  /** How long `start`/`restart` wait for `PING` to answer (default 10 000 ms). */
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * The persistence the fault tests rely on: every write is appended to the AOF and fsynced
 * before Redis answers it (`appendfsync always`), so a write acknowledged to a client survives
 * a kill -9 or restart of the server. RDB snapshots are off (the AOF is the only copy).
 */
export const REDIS_TEST_SETTINGS: readonly string[] = [
  '--appendonly',
  'yes',
  '--appendfsync',
  'always',
  '--save',
  '',
  '--protected-mode',
  'no',
  '--daemonize',
  'no',
  '--logfile',
  '',
];

function findBinary(explicit: string | undefined): string {
  const name = explicit ?? process.env['REDIS_SERVER_BIN'] ?? 'redis-server';
  const candidates = name.includes('/')
    ? [name]
    : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next PATH entry
    }
  }
  throw new RedisBusError(
    'REDIS_SERVER_MISSING',
    `Cannot find the redis-server binary ("${name}"). Install it (Debian/Ubuntu: ` +
      '`apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_SERVER_BIN.',
    { details: { binary: name } },
  );
}

/** A free loopback port (the OS picks it; a tiny race with other processes remains). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => {
      done(false);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test process that dies must not leave servers behind.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * A real `redis-server` for tests: a free loopback port, a temp data dir, AOF persistence
 * with `appendfsync always` (`REDIS_TEST_SETTINGS`). `restart()` reuses the port and dir, so
 * clients reconnect to the same data.
 *
 * @example
 * const server = await RedisServer.start();
 * const bus = new RedisMessageBus({ url: server.url });
 * server.kill('SIGSTOP'); // freeze it; kill('SIGCONT') resumes
 * await server.restart();
 * await server.remove();
 */
export class RedisServer {
  readonly host = HOST;
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly options: RedisServerOptions & { binary: string; ownDir: boolean },
  ) {}

  /** `redis://127.0.0.1:<port>` */
  get url(): string {
    return `redis://${HOST}:${this.port}`;
  }

  /** The server's process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const binary = findBinary(options.binary);
    const ownDir = options.dir === undefined;
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'guildkit-redis-'));
    const server = new RedisServer(options.port ?? (await freePort()), dir, {
      ...options,
      binary,
      ownDir,
    });
    await server.launch();
    return server;
  }

  /** Stops the server cleanly (SIGTERM: it finishes the AOF) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill('SIGCONT'); // a frozen server cannot handle SIGTERM
    child.kill('SIGTERM');
    await exited(child);
  }

  /** Sends `signal` (`SIGKILL`, `SIGSTOP`, `SIGCONT`...); waits for exit when it ends the server. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill(signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') await exited(child);
  }

  /** Stops the server if it runs, then starts it again on the same port and data dir. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and deletes the data dir it created. */
  async remove(): Promise<void> {
    await this.stop();
    if (this.options.ownDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      HOST,
      '--dir',
      this.dir,
      ...REDIS_TEST_SETTINGS,
      ...(this.options.args ?? []),
    ];
    installExitHook();
    const child = spawn(this.options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    live.add(child);
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', () => {
      live.delete(child);
      if (this.child === child) this.child = undefined;
    });
    await this.waitUntilAnswering(child);
  }

  private async waitUntilAnswering(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await ping(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    throw new RedisBusError(
      'REDIS_SERVER_FAILED',
      `redis-server on port ${this.port} (dir ${this.dir}) did not answer PING. Its output:\n` +
        this.output.trim(),
      { details: { port: this.port, dir: this.dir } },
    );
  }
}
