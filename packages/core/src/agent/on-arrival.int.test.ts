import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ProbeAgent } from '../testing/probe-agent';
import { Agent } from './agent';
import { type ProcessContext } from './process-context';
import { processor } from './processor';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `work` runs until released; `release` (on arrival) and `release.queued` (in turn) release it. */
class Worker extends Agent {
  private release: (() => void) | undefined;

  @processor('work', { timeoutMs: 0 })
  async work(ctx: ProcessContext): Promise<void> {
    await new Promise<void>((resolve) => {
      this.release = resolve;
    });
    await ctx.sendDict({}, { format: 'work.done' });
  }

  @processor('release', { onArrival: true })
  async releaseNow(ctx: ProcessContext): Promise<void> {
    await sleep(50);
    const released = this.release !== undefined;
    this.release?.();
    await ctx.sendDict({ released }, { format: 'release.done' });
  }

  @processor('release.queued')
  async releaseInTurn(ctx: ProcessContext): Promise<void> {
    const released = this.release !== undefined;
    this.release?.();
    await ctx.sendDict({ released }, { format: 'release.done' });
  }

  @processor('fail', { onArrival: true })
  fail(): void {
    throw new Error('control failed');
  }

  @processor('hang', { onArrival: true, timeoutMs: 0 })
  hang(): Promise<void> {
    return new Promise(() => undefined);
  }
}

describe('processors that run on arrival', () => {
  let guild: Guild;
  let probe: ProbeAgent;
  beforeEach(async () => {
    guild = await new GuildBuilder()
      .setName('control')
      .setDescription('a busy agent and its control messages')
      .addAgentSpec(
        new AgentBuilder(Worker).setId('worker').setName('W').setDescription('d').buildSpec(),
      )
      .launch('org');
    probe = await ProbeAgent.join(guild);
  });
  afterEach(async () => {
    await guild.shutdown({ graceMs: 50 });
  });

  it('should reach the agent while another message is in progress', async () => {
    await probe.publish({ format: 'work', payload: {} });
    await sleep(50);
    await probe.publish({ format: 'release', payload: {} });
    const messages = await probe.waitForMessages(2, 2000);
    expect(messages.map((m) => [m.format, m.payload])).toEqual([
      ['release.done', { released: true }],
      ['work.done', {}],
    ]);
  });

  it('should leave other processors to wait their turn', async () => {
    await probe.publish({ format: 'work', payload: {} });
    await probe.publish({ format: 'release.queued', payload: {} });
    await sleep(200);
    expect(probe.messages).toEqual([]);
    await probe.publish({ format: 'release', payload: {} });
    const messages = await probe.waitForMessages(3, 2000);
    expect(messages.map((m) => m.format)).toEqual(['release.done', 'work.done', 'release.done']);
  });

  it('should count for guild.idle() until it is done', async () => {
    await probe.publish({ format: 'release', payload: {} });
    await guild.idle();
    expect(probe.messages.map((m) => m.payload)).toEqual([{ released: false }]);
  });

  it('should answer a throw with an ErrorMessage and keep the agent working', async () => {
    const request = await probe.publish({ format: 'fail', payload: {} });
    await probe.publish({ format: 'release.queued', payload: {} });
    const messages = await probe.waitForMessages(2, 2000);
    const error = messages.find((m) => m.inResponseTo === request.id);
    expect(error?.payload).toMatchObject({ error_type: 'UNHANDLED_EXCEPTION' });
    expect(messages.some((m) => m.format === 'release.done')).toBe(true);
  });

  it('should be cut at shutdown after the grace, with the message in progress, each answered', async () => {
    const work = await probe.publish({ format: 'work', payload: {} });
    const hang = await probe.publish({ format: 'hang', payload: {} });
    await sleep(50);
    const answers: unknown[] = [];
    const tap = await guild.onMessage((m) => {
      if (m.inResponseTo === work.id) answers.push(['work', m.payload['error_type']]);
      if (m.inResponseTo === hang.id) answers.push(['hang', m.payload['error_type']]);
    });
    const started = Date.now();
    await guild.shutdown({ graceMs: 100 });
    expect(Date.now() - started).toBeLessThan(1500);
    await tap.unsubscribe().catch(() => undefined);
    expect(answers).toEqual(
      expect.arrayContaining([
        ['work', 'GUILD_SHUTTING_DOWN'],
        ['hang', 'GUILD_SHUTTING_DOWN'],
      ]),
    );
    expect(answers).toHaveLength(2);
  });
});
