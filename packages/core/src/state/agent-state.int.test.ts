import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ProbeAgent } from '../testing/probe-agent';

class CounterAgent extends Agent {
  @processor('Count')
  async count(ctx: ProcessContext): Promise<void> {
    const current = await this.stateManager.getState({ guildId: this.guildId, agentId: this.id });
    const seen = typeof current.state['seen'] === 'number' ? current.state['seen'] : 0;
    await this.updateAgentState({ seen: seen + 1 }, { version: current.version });
    await this.updateGuildState([{ op: 'add', path: '/last', value: ctx.payload['tag'] ?? null }], {
      format: 'json-patch',
    });
    await ctx.sendDict(
      { agent: await this.getAgentState(), guild: await this.getGuildState() },
      { format: 'Counted' },
    );
  }

  @processor('Stale')
  async stale(ctx: ProcessContext): Promise<void> {
    await this.updateAgentState({ seen: -1 }, { version: 0 });
    await ctx.sendDict({ wrote: true });
  }
}

function builder(): GuildBuilder {
  return new GuildBuilder({ id: 'stateful' })
    .setName('stateful')
    .setDescription('keeps state')
    .addAgentSpec(
      new AgentBuilder(CounterAgent)
        .setId('counter')
        .setName('Counter')
        .setDescription('counts')
        .buildSpec(),
    );
}

describe('agent and guild state', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should let agents read and update their own and the guild state', async () => {
    guild = await builder().launch('org');
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'Count', payload: { tag: 'a' } });
    await probe.publish({ format: 'Count', payload: { tag: 'b' } });
    const messages = await probe.waitForMessages(2);
    expect(messages.map((m) => m.payload)).toEqual([
      { agent: { seen: 1 }, guild: { last: 'a' } },
      { agent: { seen: 2 }, guild: { last: 'b' } },
    ]);
  });

  it('should answer a stale versioned update with an ErrorMessage and keep the state', async () => {
    guild = await builder().launch('org');
    const probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'Count', payload: { tag: 'a' } });
    await probe.waitForMessages(1);
    await probe.publish({ format: 'Stale', payload: {} });
    const [, error] = await probe.waitForMessages(2);
    expect(error?.payload).toMatchObject({ error_type: 'UNHANDLED_EXCEPTION' });
    expect(error?.payload['error_message']).toMatch(
      /is at version 1, but the update was made for version 0/,
    );
    const state = await guild.stateManager.getState({ guildId: 'stateful', agentId: 'counter' });
    expect(state).toMatchObject({ state: { seen: 1 }, version: 1 });
  });

  it('should select the state manager from properties.state_manager and refuse an unknown one', async () => {
    guild = await builder().setProperty('state_manager', 'InMemoryStateManager').launch('org');
    await expect(
      builder().setProperty('state_manager', 'NoSuchStateManager').launch('org'),
    ).rejects.toThrow(/properties\.state_manager: unknown state manager "NoSuchStateManager"/);
  });
});
