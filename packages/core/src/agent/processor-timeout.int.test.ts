import { rejectionOf } from '../__tests__/capture-error';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { ProbeAgent } from '../testing/probe-agent';
import { Agent, DEFAULT_PROCESSOR_TIMEOUT_MS } from './agent';
import { type ProcessContext } from './process-context';
import { processor } from './processor';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class SlowAgent extends Agent {
  override processorTimeoutMs: number | null = 150;
  lateSend: unknown;

  @processor('hang')
  hang(): Promise<void> {
    return new Promise(() => undefined);
  }

  @processor('quick')
  async quick(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ ok: true }, { format: 'quick.done' });
  }

  @processor('custom', { timeoutMs: 40 })
  custom(): Promise<void> {
    return new Promise(() => undefined);
  }

  @processor('unlimited', { timeoutMs: 0 })
  async unlimited(ctx: ProcessContext): Promise<void> {
    await sleep(300);
    await ctx.sendDict({ ok: true }, { format: 'unlimited.done' });
  }

  @processor('late')
  async late(ctx: ProcessContext): Promise<void> {
    await sleep(300);
    this.lateSend = await ctx.sendDict({ late: true }).catch((error: unknown) => error);
  }
}

class PlainAgent extends Agent {
  @processor('hang')
  hang(): Promise<void> {
    return new Promise(() => undefined);
  }
}

function spec(cls: typeof Agent, properties: JsonObject = {}) {
  return new AgentBuilder(cls)
    .setId('worker')
    .setName('Worker')
    .setDescription('slow')
    .setProperties(properties)
    .buildSpec();
}

async function launch(cls: typeof Agent, properties: JsonObject = {}): Promise<Guild> {
  return new GuildBuilder()
    .setName('timeouts')
    .setDescription('processors that overrun')
    .addAgentSpec(spec(cls, properties))
    .launch('org');
}

function answersTo(messages: Message[], request: Message): Message[] {
  return messages.filter((m) => m.inResponseTo === request.id);
}

describe('processor timeouts', () => {
  let guild: Guild;
  let probe: ProbeAgent;
  afterEach(async () => {
    await guild.shutdown({ graceMs: 50 });
  });

  it('should answer a processor that never settles with PROCESSOR_TIMEOUT, then serve the next message', async () => {
    guild = await launch(SlowAgent);
    probe = await ProbeAgent.join(guild);
    const hung = await probe.publish({ format: 'hang', payload: {} });
    await probe.publish({ format: 'quick', payload: {} });
    const messages = await probe.waitForMessages((m) => m.format === 'quick.done', 2000);
    const [error] = answersTo(messages, hung);
    expect(error?.isErrorMessage).toBe(true);
    expect(error?.payload).toMatchObject({
      agent_type: 'SlowAgent',
      error_type: 'PROCESSOR_TIMEOUT',
      details: { processor: 'hang', timeoutMs: 150 },
    });
    expect(error?.payload['error_message']).toMatch(/did not finish within 150 ms/);
    expect(messages.indexOf(error!)).toBeLessThan(
      messages.findIndex((m) => m.format === 'quick.done'),
    );
  });

  it("should let a processor's timeoutMs override the agent's", async () => {
    guild = await launch(SlowAgent);
    probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'custom', payload: {} });
    const [error] = await probe.waitForMessages(1, 2000);
    expect(error?.payload).toMatchObject({
      error_type: 'PROCESSOR_TIMEOUT',
      details: { processor: 'custom', timeoutMs: 40 },
    });
  });

  it('should run a processor with timeoutMs 0 as long as it takes', async () => {
    guild = await launch(SlowAgent);
    probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'unlimited', payload: {} });
    const messages = await probe.waitForMessages(1, 2000);
    expect(messages.map((m) => m.format)).toEqual(['unlimited.done']);
  });

  it('should refuse a send after the timeout, so the request keeps exactly one answer', async () => {
    guild = await launch(SlowAgent);
    probe = await ProbeAgent.join(guild);
    const request = await probe.publish({ format: 'late', payload: {} });
    await sleep(450);
    const agent = guild.getAgentInstance('worker') as SlowAgent;
    expect(String(agent.lateSend)).toMatch(/already answered \(late timed out after 150 ms\)/);
    expect(answersTo(probe.messages, request).map((m) => m.payload['error_type'])).toEqual([
      'PROCESSOR_TIMEOUT',
    ]);
  });

  it('should take the limit from the processor_timeout_ms property, 60 s by default', async () => {
    guild = await launch(PlainAgent, { processor_timeout_ms: 60 });
    probe = await ProbeAgent.join(guild);
    await probe.publish({ format: 'hang', payload: {} });
    const [error] = await probe.waitForMessages(1, 2000);
    expect(error?.payload).toMatchObject({ details: { timeoutMs: 60 } });
    await guild.shutdown({ graceMs: 50 });
    guild = await launch(PlainAgent);
    expect(guild.getAgentInstance('worker')?.processorTimeoutMs).toBe(DEFAULT_PROCESSOR_TIMEOUT_MS);
    expect(DEFAULT_PROCESSOR_TIMEOUT_MS).toBe(60_000);
  });

  it('should fail the launch for an invalid limit, naming the setting', async () => {
    guild = await new GuildBuilder().setName('g').setDescription('d').launch('org');
    const error = await rejectionOf(
      guild.launchAgent(spec(PlainAgent, { processor_timeout_ms: -5 })),
    );
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.message).toMatch(
      /processorTimeoutMs \(processor_timeout_ms\) of agent "worker" must be a number of milliseconds > 0/,
    );
  });
});
