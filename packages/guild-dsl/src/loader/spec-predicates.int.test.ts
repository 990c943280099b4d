import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type Guild, processor, type ProcessContext, ProbeAgent } from '@guildkit/core';
import { GuildBuilder } from '../builder/guild-builder';

// Upstream's `predicates` in a YAML spec reach the runtime: a message failing an agent's
// predicate is not processed by that method.

export class GatedAgent extends Agent {
  @processor('Num')
  async handle(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ handled: ctx.payload['n'] ?? null }, { format: 'Handled' });
  }
}

describe('predicates in a YAML spec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guildkit-predicates-'));
  let guild: Guild | undefined;

  afterAll(async () => {
    await guild?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should load them onto the agent and apply them at run time', async () => {
    const agentModule = join(dir, 'gated.ts');
    writeFileSync(
      agentModule,
      `export { GatedAgent } from ${JSON.stringify(join(__dirname, 'spec-predicates.int.test'))};\n`,
    );
    const file = join(dir, 'guild.yaml');
    writeFileSync(
      file,
      [
        'name: gated',
        'description: predicates from YAML',
        'agents:',
        '  - name: Gate',
        '    description: handles big numbers only',
        `    class_name: ./gated#GatedAgent`,
        '    predicates:',
        '      handle:',
        '        predicate_type: jsonata_fn',
        "        expression: 'message.payload.n > 10'",
      ].join('\n'),
    );
    const builder = GuildBuilder.fromYamlFile(file);
    expect(builder.buildSpec().agents[0]?.predicates).toEqual({
      handle: { predicate_type: 'jsonata_fn', expression: 'message.payload.n > 10' },
    });
    guild = await builder.launch('org');
    const probe = await ProbeAgent.join(guild);
    for (const n of [5, 20, 7, 11]) await probe.publish({ format: 'Num', payload: { n } });
    await guild.idle();
    const handled = probe.messages
      .filter((m) => m.format === 'Handled')
      .map((m) => m.payload['handled']);
    expect(handled).toEqual([20, 11]);
  });
});
