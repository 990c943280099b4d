import { PassThrough } from 'node:stream';
import { Agent, AgentBuilder, type Guild, GuildBuilder, processor } from '@guildkit/core';
import { type RunCommand } from './cli-command';
import { colorsFor } from './colors';
import { interactiveSession } from './interactive-session';
import { parseArgs } from './parse-args';
import { Progress } from './progress';

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

describe('the interactive prompt on a terminal', () => {
  let guild: Guild;
  afterEach(async () => {
    await guild.shutdown({ graceMs: 10 });
  });

  it('should stop waiting for a running cell on Ctrl-C and end the session', async () => {
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
    let output = '';
    const terminal = { write: (text: string) => (output += text), isTTY: true };
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const done = interactiveSession({
      guild,
      command: parseArgs(['run', 'guild.yaml', '-i']) as RunCommand,
      io: { stdout: terminal, stderr: terminal, stdin, env: {} },
      colors: colorsFor(terminal, {}),
      progress: new Progress({ write: () => true }),
      interrupted: new Promise(() => undefined),
    });
    stdin.write('x = 1\r');
    await sleep(200);
    const start = Date.now();
    stdin.write('\x03');
    await done;
    expect(Date.now() - start).toBeLessThan(1000);
    expect(output).toContain('KeyboardInterrupt: stopping the guild');
  });
});
