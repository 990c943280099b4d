// The CLI always registers python-exec's resolvers; so does this process, to compare schemas.
import '@guildkit/python-exec';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completion, runCli, spawnCli, waitForStderr } from '../__tests__/run-cli';
import { fixturePath } from '../__tests__/fixture-path';
import { guildJsonSchema } from '../schema/guild-json-schema';

jest.setTimeout(60_000);

describe('the guildkit command', () => {
  describe('validate', () => {
    it('should print every problem with its place and exit 1', async () => {
      const result = await runCli(['validate', fixturePath('invalid', 'many-problems.yaml')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /many-problems\.yaml:7:28: error: dependency_map\.code_executor\.properties\.whitelisted_imports: expected a list of strings/,
      );
      expect(result.stderr).toContain("did you mean 'timeout_seconds'?");
      expect(result.stdout).toContain('invalid (7 errors, 1 warning)');
    });

    it('should report a valid spec and exit 0', async () => {
      const result = await runCli(['validate', fixturePath('launch', 'guild.yaml')]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('valid (1 agent, 0 guild dependencies)');
    });

    it('should load each agent class and report a missing export or one without processors', async () => {
      const result = await runCli(['validate', fixturePath('agent_classes', 'guild.yaml')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /guild\.yaml:7:17: error: agents\[0\]\.class_name: SilentAgent has no processors, so it would ignore every message \(its methods: reply\)/,
      );
      expect(result.stderr).toMatch(
        /guild\.yaml:11:17: error: agents\[1\]\.class_name: Module "\.\.\/launch\/echo-agent" has no export "NoSuchAgent".*Its exports: EchoAgent\./,
      );
      expect(result.stdout).toContain('invalid (2 errors, 0 warnings)');
    });

    it('should print the report as JSON with --json', async () => {
      const result = await runCli([
        'validate',
        '--json',
        fixturePath('invalid', 'upstream-extras.yaml'),
      ]);
      const report = JSON.parse(result.stdout) as { valid: boolean; problems: { path: string }[] };
      expect(result.code).toBe(0);
      expect(report.valid).toBe(true);
      expect(report.problems.map((p) => p.path)).toEqual(['gateway', 'agents[0].qos']);
    });
  });

  describe('init', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'guildkit-init-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('should scaffold a project, report that its agent needs npm install, and never overwrite it', async () => {
      const created = await runCli(['init', 'my guild'], { cwd: dir });
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('cd my guild\n  npm install\n');
      const project = join(dir, 'my guild');
      expect(readdirSync(project).sort()).toEqual([
        '.gitignore',
        'code-agent.ts',
        'guild.yaml',
        'package.json',
        'tsconfig.json',
      ]);
      // Before `npm install`, validate says the agent cannot load yet, and why.
      const validated = await runCli(['validate', '--json', 'guild.yaml'], { cwd: project });
      const report = JSON.parse(validated.stdout) as {
        problems: { path: string; message: string }[];
      };
      expect(report.problems).toEqual([
        expect.objectContaining({
          path: 'agents[0].class_name',
          message: expect.stringContaining("Cannot find module '@guildkit/core'") as unknown,
        }),
      ]);
      const again = await runCli(['init'], { cwd: project });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        'already has package.json, guild.yaml, code-agent.ts, tsconfig.json, .gitignore; nothing was written',
      );
      expect(existsSync(join(project, 'node_modules'))).toBe(false);
    });
  });

  describe('schema', () => {
    it('should print the JSON Schema', async () => {
      const result = await runCli(['schema']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(guildJsonSchema());
    });
  });

  describe('run', () => {
    it('should send each message and print what flows on the bus', async () => {
      const result = await runCli([
        'run',
        fixturePath('launch', 'guild.yaml'),
        '--send',
        'generic_json',
        '{"ping": 1}',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('● Guild client (guild_client)  generic_json  {"ping":1}');
      expect(result.stdout).toContain(
        '● Echo (echo)  Echo  {"echo":{"ping":1},"greeting":"hello"}',
      );
    });

    it('should load TypeScript agents with the tsconfig next to the spec, from any directory', async () => {
      const result = await runCli(
        ['run', fixturePath('tsconfig_paths', 'guild.yaml'), '--send', 'generic_json', '{}'],
        { cwd: tmpdir() },
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Greeting  {"greeting":"hello from the spec’s tsconfig"}');
      expect(result.code).toBe(0);
    });

    it('should warn about a --send format that no agent processes', async () => {
      const result = await runCli([
        'run',
        fixturePath('formats', 'guild.yaml'),
        '--send',
        'Pong',
        '{}',
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        "warning: No agent of guild 'Picky guild' processes format 'Pong', so nothing will answer it (formats processed: Boom, Ping).",
      );
    });

    it('should exit 1 with --fail-on-error when an ErrorMessage comes back', async () => {
      const args = ['run', fixturePath('formats', 'guild.yaml'), '--send', 'Boom', '{}'];
      expect((await runCli(args)).code).toBe(0);
      const result = await runCli([...args, '--fail-on-error']);
      expect(result.stdout).toContain('ErrorMessage');
      expect(result.stderr).toContain('1 ErrorMessage(s) came back (--fail-on-error)');
      expect(result.code).toBe(1);
    });

    it('should refuse an invalid spec without launching it', async () => {
      const result = await runCli(['run', fixturePath('invalid', 'many-problems.yaml')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('agents[0].class_nme');
      expect(result.stdout).toBe('');
    });

    it('should keep running until Ctrl-C, then shut down cleanly', async () => {
      const child = spawnCli(['run', fixturePath('launch', 'guild.yaml')]);
      const done = completion(child);
      await waitForStderr(child, 'press Ctrl-C to stop');
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Stopping');
    });

    it.each(['SIGTERM', 'SIGHUP'] as const)(
      'should shut down cleanly on %s, like Ctrl-C',
      async (signal) => {
        const child = spawnCli(['run', fixturePath('launch', 'guild.yaml')]);
        const done = completion(child);
        await waitForStderr(child, 'press Ctrl-C to stop');
        child.kill(signal);
        const result = await done;
        expect(result.code).toBe(0);
        expect(result.stderr).toContain(`Stopping on ${signal}`);
      },
    );

    it('should leave the interactive prompt and shut down on SIGTERM', async () => {
      const child = spawnCli(['run', fixturePath('launch', 'guild.yaml'), '--interactive']);
      const done = completion(child);
      await waitForStderr(child, "Python in 'Echo guild'", 'stdout');
      child.kill('SIGTERM');
      const result = await done;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Stopping on SIGTERM');
    });

    it('should answer the message in progress and exit in bounded time when a processor and a close() hang', async () => {
      const child = spawnCli([
        'run',
        fixturePath('signals', 'guild.yaml'),
        '--send',
        'stuck',
        '{}',
        '--grace',
        '0.5',
      ]);
      const done = completion(child);
      await waitForStderr(child, 'stuck  {}', 'stdout');
      const start = Date.now();
      child.kill('SIGTERM');
      const result = await done;
      expect(Date.now() - start).toBeLessThan(6000);
      expect(result.stdout).toContain('GUILD_SHUTTING_DOWN');
      expect(result.stderr).toMatch(
        /close\(\) of HangingCloseResolver did not finish within \d+ ms/,
      );
      expect(result.code).toBe(1);
    });
  });

  describe('having a usage error', () => {
    it('should explain it and exit 2', async () => {
      const result = await runCli(['run', 'guild.yaml', '--send', 'CodeRequest', '{oops']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the payload is not valid JSON');
    });
  });
});
