import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PythonExecExecutor } from '../executor/python-exec-executor';
import { cacheDirectory } from '../snapshot/cache-directory';
import { sandboxLayers } from './os-sandbox';
import { runtimePaths } from './runtime-paths';
import { sandboxHostLaunch } from './sandbox-host-launch';

// Assume breach: hostile JavaScript runs directly in a sandbox process started through the
// production launch path, once with Node's own layers (permission model, no code generation) and
// once with the OS layers alone, as if the attacker had got past Node's.

const fixtures = join(__dirname, '__fixtures__');
const tag = randomBytes(6).toString('hex');
const dir = mkdtempSync(join(tmpdir(), `guildkit-breach-${tag}-`));
const canary = join(dir, 'canary.txt');
let tcp: Server;
let unix: Server;
let abstract: Server;
let udp: UdpSocket;
let victim: ChildProcess;
const hits = { tcp: 0, unix: 0, abstract: 0, udp: 0 };

function listen(server: Server, target: string | number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof target === 'number') server.listen(target, '127.0.0.1', resolve);
    else server.listen(target, resolve);
  });
}

function counting(key: keyof typeof hits): Server {
  return createServer((socket) => {
    hits[key] += 1;
    socket.destroy();
  });
}

function run(
  script: string,
  options: { nodeLayers: boolean; input?: string },
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const launch = sandboxHostLaunch({
    script: join(fixtures, script),
    dataLimitBytes: 2 ** 30,
    openFiles: 256,
    nodeLayers: options.nodeLayers,
  });
  return new Promise((resolve) => {
    const child = spawn(launch.command, launch.argv, {
      env: {},
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout });
    });
    child.stdin.end(options.input ?? '');
  });
}

const writeFiles = [dir, cacheDirectory(), '/tmp', homedir()].map((d) =>
  join(d, `guildkit-breach-${tag}`),
);

function targets() {
  const tcpAddress = tcp.address();
  const udpAddress = udp.address();
  return {
    readFiles: [canary, '/etc/passwd', '/etc/hostname', join(homedir(), '.bashrc')],
    homeDir: homedir(),
    writeFiles,
    openablePath: join(runtimePaths().pyodideDir, 'package.json'),
    tcpPort: typeof tcpAddress === 'object' && tcpAddress ? tcpAddress.port : 0,
    udpPort: udpAddress.port,
    unixPath: join(dir, 'host.sock'),
    abstractName: `guildkit-${tag}`,
    bindPath: join(dir, 'squatted.sock'),
    victimPid: victim.pid,
  };
}

beforeAll(async () => {
  writeFileSync(canary, `secret-${tag}`);
  tcp = counting('tcp');
  unix = counting('unix');
  abstract = counting('abstract');
  await listen(tcp, 0);
  await listen(unix, join(dir, 'host.sock'));
  await listen(abstract, `\0guildkit-${tag}`);
  udp = createSocket('udp4', () => (hits.udp += 1));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  victim = spawn('sleep', ['120'], { stdio: 'ignore' });
});

afterAll(async () => {
  victim.kill('SIGKILL');
  await Promise.all([tcp, unix, abstract].map((s) => new Promise((r) => s.close(r))));
  udp.close();
  for (const path of writeFiles) {
    for (const suffix of ['', '.d', '.l']) rmSync(path + suffix, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the OS layer of a sandbox process', () => {
  it('should be complete on this machine (CI installs bubblewrap)', () => {
    expect(sandboxLayers()).toEqual({
      bubblewrap: true,
      unprivilegedUser: true,
      resourceLimits: true,
      networkNamespace: true,
    });
  });

  describe.each([
    ['with Node’s layers (production)', true],
    ['with the OS layers alone', false],
  ])('%s', (_name, nodeLayers) => {
    let report: Record<string, string | number>;

    beforeAll(async () => {
      const result = await run('breach.mjs', { nodeLayers, input: JSON.stringify(targets()) });
      report = JSON.parse(result.stdout) as Record<string, string | number>;
    }, 60_000);

    it('should let no attempt through', () => {
      const escaped = Object.entries(report).filter(
        ([, outcome]) => typeof outcome === 'string' && outcome.startsWith('ESCAPED'),
      );
      expect(escaped).toEqual([]);
      expect(Object.keys(report).length).toBeGreaterThan(20);
    });

    it('should create nothing on the host and reach no host socket or process', () => {
      for (const path of writeFiles) {
        for (const suffix of ['', '.d', '.l']) expect(existsSync(path + suffix)).toBe(false);
      }
      expect(existsSync(join(dir, 'squatted.sock'))).toBe(false);
      expect(hits).toEqual({ tcp: 0, unix: 0, abstract: 0, udp: 0 });
      expect(victim.exitCode).toBeNull();
      expect(victim.signalCode).toBeNull();
    });

    it('should run as an unprivileged user with its open files and memory capped', () => {
      expect(report['uid']).not.toBe(0);
      expect(report['open files']).toMatch(/^stopped at \d+: EMFILE/);
      expect(report['memory']).toMatch(/^stopped at \d+ MiB/);
    });
  });

  it('should end only that process on a fatal out-of-memory, never the guild or another agent', async () => {
    const neighbour = await PythonExecExecutor.create();
    try {
      await neighbour.execute({ code: 'kept = 42' });
      const result = await run('oom.mjs', { nodeLayers: true });
      expect(result.code === 0 && result.signal === null).toBe(false);
      const after = await neighbour.execute({ code: 'kept', returnGlobals: ['kept'] });
      expect(after).toMatchObject({ success: true, stateReset: false, globals: { kept: 42 } });
    } finally {
      await neighbour.close();
    }
  }, 60_000);
});
