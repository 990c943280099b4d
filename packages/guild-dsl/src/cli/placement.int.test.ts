import { completion, runCli, spawnCli, waitForStderr } from '../__tests__/run-cli';
import { fixturePath } from '../__tests__/fixture-path';

jest.setTimeout(60_000);

// `gpu` names a module that exists only on "its own host": hosting it here fails.
const spec = fixturePath('placement', 'guild.yaml');

describe('guildkit run --agents', () => {
  it('should host only the named agents, so one whose module is elsewhere does not load', async () => {
    const everything = await runCli(['run', spec, '--send', 'generic_json', '{}']);
    expect(everything.code).toBe(1);
    expect(everything.stderr).toContain(
      'agents[1].class_name: agent module not found: ./gpu-host-only',
    );

    const result = await runCli(['run', spec, '--agents', 'echo', '--send', 'generic_json', '{}']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('● Echo (echo)  Echo  {"echo":{},"greeting":null}');
    expect(result.code).toBe(0);
  });

  it('should refuse an agent id the guild does not have, listing the ones it has', async () => {
    const result = await runCli(['run', spec, '--agents', 'echo,ehco']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Cannot host "ehco": not an agent of guild "Placed guild". Its agents: echo, gpu.`,
    );
  });

  it('should keep a hosting process up, saying what runs here, until SIGTERM', async () => {
    const child = spawnCli(['run', spec, '--agents', 'echo']);
    const done = completion(child);
    await waitForStderr(child, 'press Ctrl-C to stop');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.stderr).toContain(
      "Guild 'Placed guild' is running here with echo (gpu run elsewhere); press Ctrl-C to stop.",
    );
    expect(result.code).toBe(0);
  });

  it('should run a client-only process with an empty list, without warning about formats', async () => {
    const result = await runCli(['run', spec, '--agents', '', '--send', 'Ping', '{}']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('● Guild client (guild_client)  Ping  {}');
    expect(result.stdout).not.toContain('Echo (echo)');
    expect(result.code).toBe(0);
  });
});
