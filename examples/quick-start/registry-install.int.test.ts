import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from './local-registry';
import { readmeFiles } from './readme-files';

// Publishes the packages to a real local registry as a release would, installs them with
// plain npm into a project outside the repository, and runs a Python-executing guild there the
// ways a user would. Slow by nature (one install, reused by every case).
jest.setTimeout(180_000);

const repoRoot = join(__dirname, '..', '..');
const PACKAGES = ['core', 'python-exec', 'guild-dsl', 'bus-redis'];
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: 170_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** pnpm 10 as `npm test` finds it: on the PATH, else through npx (like scripts/ensure-deps.mjs). */
async function pnpm(): Promise<[string, ...string[]]> {
  const version = await run('pnpm', ['--version'], { cwd: repoRoot });
  return version.code === 0 && version.stdout.startsWith('10.')
    ? ['pnpm']
    : ['npx', '--yes', 'pnpm@10.34.9'];
}

function expectSuccess(result: Result): Result {
  if (result.code !== 0) throw new Error(`exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The inherited environment without npm settings, so nothing reaches the user's npm config. */
function isolatedNpmEnv(dir: string, registry: LocalRegistry): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !key.startsWith('PNPM_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  const userconfig = join(dir, 'npmrc');
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(userconfig, `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
  return {
    ...env,
    npm_config_userconfig: userconfig,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_registry: registry.url,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_yes: 'false',
  };
}

let dir: string;
let registry: LocalRegistry | undefined;
let env: NodeJS.ProcessEnv;
let project: string;
let tarballs: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-registry-'));
  registry = await startLocalRegistry({
    dir: join(dir, 'registry'),
    upstream: 'https://registry.npmjs.org/',
  });
  env = isolatedNpmEnv(dir, registry);
  // A release: pack with pnpm (which rewrites catalog:/workspace: and builds in prepack).
  const packed = join(dir, 'tarballs');
  const [pnpmCommand, ...pnpmArgs] = await pnpm();
  tarballs = {};
  for (const name of PACKAGES) {
    const cwd = join(repoRoot, 'packages', name);
    const args = [...pnpmArgs, 'pack', '--pack-destination', packed];
    expectSuccess(await run(pnpmCommand, args, { cwd }));
    const file = readdirSync(packed).find((f) => f.startsWith(`guildkit-${name}-`))!;
    tarballs[name] = join(packed, file);
    expectSuccess(await run('npm', ['publish', tarballs[name]], { cwd: dir, env }));
  }
  project = join(dir, 'project');
  mkdirSync(project);
  expectSuccess(await run('npm', ['init', '-y'], { cwd: project, env }));
  expectSuccess(await run('npm', ['pkg', 'set', 'type=module'], { cwd: project, env }));
  expectSuccess(
    await run(
      'npm',
      ['install', '@guildkit/python-exec', '@guildkit/guild-dsl', '@guildkit/bus-redis'],
      {
        cwd: project,
        env,
      },
    ),
  );
  for (const [file, text] of Object.entries(readmeFiles()))
    writeFileSync(join(project, file), text);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function manifest(name: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file
  return require(join(project, 'node_modules', '@guildkit', name, 'package.json')) as Record<
    string,
    unknown
  >;
}

/** The reply line `main.js`-style scripts print: the CodeResponse payload. */
function reply(result: Result): unknown {
  expectSuccess(result);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

describe('the published packages, installed with plain npm', () => {
  it('should pass publint and arethetypeswrong', async () => {
    const bin = join(repoRoot, 'node_modules', '.bin');
    const results = await Promise.all(
      Object.values(tarballs).flatMap((tarball) => [
        run(join(bin, 'publint'), ['run', tarball, '--strict'], { cwd: dir }),
        run(join(bin, 'attw'), [tarball, '--profile', 'node16'], { cwd: dir }),
      ]),
    );
    results.forEach(expectSuccess);
  });

  it('should ship the build, the runtime files, README and LICENSE, and nothing private', async () => {
    const allowed = /^package\/(package\.json|README\.md|LICENSE|(dist|runtime|bin|schema)\/.+)$/;
    for (const [name, tarball] of Object.entries(tarballs)) {
      const files = expectSuccess(await run('tar', ['-tzf', tarball], { cwd: dir }))
        .stdout.trim()
        .split('\n');
      expect(files.filter((file) => !allowed.test(file))).toEqual([]);
      expect(files.filter((file) => /\.test\.|__tests__|tsbuildinfo|\/src\//.test(file))).toEqual(
        [],
      );
      expect(files).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE']));
      expect(files).toContain('package/dist/index.js');
      if (name === 'python-exec') expect(files).toContain('package/runtime/sandbox-host.mjs');
    }
  });

  it('should carry plain version ranges, their files and one shared core', () => {
    for (const name of PACKAGES) {
      const text = JSON.stringify(manifest(name));
      expect(text).not.toMatch(/"(catalog|workspace):/);
      expect(existsSync(join(project, 'node_modules', '@guildkit', name, 'LICENSE'))).toBe(true);
      expect(existsSync(join(project, 'node_modules', '@guildkit', name, 'dist', 'index.js'))).toBe(
        true,
      );
    }
    expect(existsSync(join(project, 'node_modules', '@guildkit', 'python-exec', 'runtime'))).toBe(
      true,
    );
    expect(manifest('guild-dsl')['dependencies']).toHaveProperty('@guildkit/python-exec');
    expect(manifest('python-exec')['peerDependencies']).toEqual({ '@guildkit/core': '^0.1.0' });
    // npm installed the peer once, at the top: no package brought its own copy of core.
    expect(manifest('bus-redis')['peerDependencies']).toEqual({ '@guildkit/core': '^0.1.0' });
    for (const name of ['python-exec', 'guild-dsl', 'bus-redis']) {
      expect(existsSync(join(project, 'node_modules', '@guildkit', name, 'node_modules'))).toBe(
        false,
      );
    }
  });

  it('should validate the README guild with npx guildkit validate', async () => {
    const result = expectSuccess(
      await run('npx', ['guildkit', 'validate', 'guild.yaml'], {
        cwd: project,
        env,
      }),
    );
    expect(result.stdout).toContain('guild.yaml: valid (1 agent, 1 guild dependency)');
  });

  it('should run Python through npx guildkit run', async () => {
    const result = expectSuccess(
      await run(
        'npx',
        ['guildkit', 'run', 'guild.yaml', '--send', 'CodeRequest', '{"code": "output = 6 * 7"}'],
        { cwd: project, env },
      ),
    );
    expect(result.stdout).toMatch(
      /Coder \(coder\)\s+CodeResponse\s+\{"ok":true,"stdout":"","output":42\}/,
    );
  });

  it('should run Python from an ES module (the README main.js)', async () => {
    expect(reply(await run('node', ['main.js'], { cwd: project, env }))).toEqual({
      ok: true,
      stdout: '',
      output: 42,
    });
  });

  it('should run Python from CommonJS', async () => {
    writeFileSync(
      join(project, 'main.cjs'),
      `const { ProbeAgent } = require('@guildkit/core');
const { GuildBuilder } = require('@guildkit/guild-dsl');
(async () => {
  const guild = await GuildBuilder.fromYamlFile('guild.yaml').launch('my-org');
  const probe = await ProbeAgent.join(guild);
  await probe.publish({ format: 'CodeRequest', payload: { code: 'print(6 * 7)' } });
  const [reply] = await probe.waitForMessages(1, 60_000);
  console.log(JSON.stringify(reply.payload));
  await guild.shutdown();
})();
`,
    );
    expect(reply(await run('node', ['main.cjs'], { cwd: project, env }))).toEqual({
      ok: true,
      stdout: '42\n',
      output: null,
    });
  });

  it('should import a TypeScript module given with --require before loading the spec', async () => {
    writeFileSync(
      join(project, 'register.ts'),
      `import { agentRegistry } from '@guildkit/core';
import { TypedCodeAgent } from './typed-agent.js';

agentRegistry.register('QuickStartCodeAgent', TypedCodeAgent);
`,
    );
    const spec = readmeFiles()['guild.yaml']!.replace(
      './code-agent.js#CodeAgent',
      'QuickStartCodeAgent',
    );
    writeFileSync(join(project, 'registered.yaml'), spec);
    // tsx maps ./typed-agent.js to the README's typed-agent.ts (not compiled yet).
    const result = expectSuccess(
      await run(
        'npx',
        [
          'guildkit',
          'run',
          'registered.yaml',
          '--require',
          './register.ts',
          '--send',
          'CodeRequest',
          '{"code": "output = 6 * 7"}',
        ],
        { cwd: project, env },
      ),
    );
    expect(result.stdout).toMatch(/CodeResponse\s+\{"ok":true,"output":42\}/);
  });

  it('should scaffold with npx @guildkit/guild-dsl init a project that type-checks and runs Python', async () => {
    // The README's form; the package's only bin is `guildkit`.
    expectSuccess(
      await run('npx', ['@guildkit/guild-dsl', 'init', 'starter'], { cwd: project, env }),
    );
    // The starter's own `npm install` would install these same packages; the parent's serve it.
    expectSuccess(await run('node', [tsc, '-p', 'starter'], { cwd: project, env }));
    const result = expectSuccess(
      await run(
        'npx',
        [
          'guildkit',
          'run',
          'starter/guild.yaml',
          '--send',
          'CodeRequest',
          '{"code": "output = 6 * 7"}',
        ],
        { cwd: project, env },
      ),
    );
    expect(result.stdout).toMatch(/CodeResponse\s+\{"status":"success","stdout":"","output":42\}/);
  });

  it('should name both copies of core when a separately installed guildkit runs the project', async () => {
    // Like a global install: its own core, next to the project's.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    expectSuccess(
      await run('npm', ['install', '--prefix', elsewhere, '@guildkit/guild-dsl'], {
        cwd: dir,
        env,
      }),
    );
    const bin = join(elsewhere, 'node_modules', '.bin', 'guildkit');
    const result = await run(bin, ['run', 'guild.yaml', '--send', 'CodeRequest', '{"code": "1"}'], {
      cwd: project,
      env,
    });
    expect(result.code).toBe(1);
    const core = (root: string) => join(root, 'node_modules', '@guildkit', 'core');
    expect(result.stderr).toContain(
      `Two copies of @guildkit/core are loaded: the guild runs ${core(elsewhere)}, but CodeAgent extends the Agent of ${core(project)}.`,
    );
  });

  describe('in TypeScript with a fresh tsc --init', () => {
    beforeAll(async () => {
      expectSuccess(await run('node', [tsc, '--init'], { cwd: project, env }));
      // The one line the README asks for: `esnext` keeps decorators as syntax Node cannot run yet.
      const tsconfig = join(project, 'tsconfig.json');
      const fresh = readFileSync(tsconfig, 'utf8');
      expect(fresh).toContain('"target": "esnext"');
      writeFileSync(tsconfig, fresh.replace('"target": "esnext"', '"target": "es2022"'));
      const spec = (agent: string) =>
        readmeFiles()['guild.yaml']!.replace('./code-agent.js#CodeAgent', agent);
      writeFileSync(join(project, 'typed.yaml'), spec('./typed-agent.js#TypedCodeAgent'));
      writeFileSync(join(project, 'typed-ts.yaml'), spec('./typed-agent.ts#TypedCodeAgent'));
      writeFileSync(
        join(project, 'typed-main.ts'),
        `import { ProbeAgent } from '@guildkit/core';
import { GuildBuilder } from '@guildkit/guild-dsl';

const guild = await GuildBuilder.fromYamlFile('typed.yaml').launch('my-org');
const probe = await ProbeAgent.join(guild);
await probe.publish({ format: 'CodeRequest', payload: { code: 'output = 6 * 7' } });
const [reply] = await probe.waitForMessages(1, 60_000);
console.log(JSON.stringify(reply?.payload));
await guild.shutdown();
`,
      );
    });

    it('should compile the README agent with standard decorators and run it', async () => {
      expectSuccess(await run('node', [tsc, '-p', '.'], { cwd: project, env }));
      expect(readFileSync(join(project, 'typed-agent.js'), 'utf8')).toContain('__esDecorate(');
      expect(reply(await run('node', ['typed-main.js'], { cwd: project, env }))).toEqual({
        ok: true,
        output: 42,
      });
    });

    it('should load the README agent from its .ts file in npx guildkit run', async () => {
      const result = expectSuccess(
        await run(
          'npx',
          ['guildkit', 'run', 'typed-ts.yaml', '--send', 'CodeRequest', '{"code": "output = 7"}'],
          { cwd: project, env },
        ),
      );
      expect(result.stdout).toMatch(/CodeResponse\s+\{"ok":true,"output":7\}/);
    });
  });
});
