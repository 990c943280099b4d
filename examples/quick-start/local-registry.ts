import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

/** A throwaway npm registry: a real verdaccio serving `@guildkit/*` and proxying the rest. */
export interface LocalRegistry {
  url: string;
  /** A token that may publish. */
  token: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited: ${output()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`verdaccio did not start in 30 s: ${output()}`);
}

async function addUser(url: string): Promise<string> {
  const name = 'guildkit-release';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'release-password', type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (body.token === undefined) throw new Error(`verdaccio refused the user: ${response.status}`);
  return body.token;
}

/**
 * Starts verdaccio (the repository's devDependency) on a free loopback port with its storage
 * in `dir`; `upstream` is where third-party packages come from.
 *
 * @example
 * const registry = await startLocalRegistry({ dir, upstream: 'https://registry.npmjs.org/' });
 */
export async function startLocalRegistry(options: {
  dir: string;
  upstream: string;
}): Promise<LocalRegistry> {
  const { dir, upstream } = options;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      `  htpasswd: { file: ${JSON.stringify(join(dir, 'htpasswd'))}, max_users: 10 }`,
      `uplinks: { npmjs: { url: ${JSON.stringify(upstream)}, timeout: 60s } }`,
      'packages:',
      // Served only from here, never from the upstream registry.
      "  '@guildkit/*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, publish: $authenticated, proxy: npmjs }",
      'log: { type: stdout, format: pretty, level: warn }',
      'server: { keepAliveTimeout: 60 }',
      '',
    ].join('\n'),
  );
  const bin = join(repoRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => {
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitUntilUp(url, child, () => output);
    return { url, token: await addUser(url), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
