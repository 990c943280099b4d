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
  });

  describe('having a usage error', () => {
    it('should explain it and exit 2', async () => {
      const result = await runCli(['run', 'guild.yaml', '--send', 'CodeRequest', '{oops']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('the payload is not valid JSON');
    });
  });
});
