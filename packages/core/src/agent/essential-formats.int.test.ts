import { AgentBuilder } from '../guild/agent-builder';
import { GuildBuilder } from '../guild/guild-builder';
import { STATE_TOPIC } from '../messaging/topics';
import { ProbeAgent } from '../testing/probe-agent';
import { Agent } from './agent';
import { type ProcessContext } from './process-context';
import { processor } from './processor';

class TwoEssentialsAgent extends Agent {
  readonly ran: string[] = [];

  @processor('Alpha', { handleEssential: true })
  alpha(ctx: ProcessContext): void {
    this.ran.push(`alpha:${ctx.message.format}`);
  }

  @processor('Beta', { handleEssential: true })
  beta(ctx: ProcessContext): void {
    this.ran.push(`beta:${ctx.message.format}`);
  }
}

describe('handleEssential processors on essential topics', () => {
  it('should run only the processors for the message format, as upstream', async () => {
    const guild = await new GuildBuilder({ id: 'ess' })
      .setName('ess')
      .setDescription('essential formats')
      .addAgentSpec(
        new AgentBuilder(TwoEssentialsAgent)
          .setId('two')
          .setName('Two')
          .setDescription('two')
          .buildSpec(),
      )
      .launch('org');
    try {
      const probe = await ProbeAgent.join(guild);
      for (const format of ['Alpha', 'Beta', 'Gamma']) {
        await probe.publish({ topics: STATE_TOPIC, format, payload: {} });
      }
      await guild.idle();
      const agent = guild.getAgentInstance('two') as TwoEssentialsAgent;
      expect(agent.ran).toEqual(['alpha:Alpha', 'beta:Beta']);
    } finally {
      await guild.shutdown();
    }
  });
});
