import { rejectionOf } from '../__tests__/capture-error';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { ProbeAgent } from './probe-agent';

describe(ProbeAgent, () => {
  let guild: Guild;
  let sender: ProbeAgent;
  let probe: ProbeAgent;
  beforeEach(async () => {
    guild = await new GuildBuilder().setName('probes').setDescription('d').launch('org');
    sender = await ProbeAgent.join(guild, { id: 'sender', name: 'Sender' });
    probe = await ProbeAgent.join(guild, { topics: ['side'] });
  });
  afterEach(async () => {
    await guild.shutdown();
  });

  it('should collect what others publish on its topics, not what it publishes itself', async () => {
    await sender.publish({ payload: { n: 1 } });
    await sender.publish({ topics: 'side', format: 'f', payload: { n: 2 } });
    await probe.publish({ payload: { n: 3 } });
    const messages = await probe.waitForMessages(2);
    expect(messages.map((m) => [m.topicPublishedTo, m.format, m.payload['n']])).toEqual([
      ['default_topic', 'generic_json', 1],
      ['side', 'f', 2],
    ]);
    await guild.idle();
    expect(probe.messages).toHaveLength(2);
    expect(sender.messages.map((m) => m.payload['n'])).toEqual([3]);
  });

  it('should wait for a message matching a predicate', async () => {
    const waiting = probe.waitForMessages((m) => m.payload['n'] === 2);
    await sender.publish({ payload: { n: 1 } });
    await sender.publish({ payload: { n: 2 } });
    expect((await waiting).map((m) => m.payload['n'])).toEqual([1, 2]);
    probe.clear();
    expect(probe.messages).toEqual([]);
  });

  it('should reject with TIMEOUT listing what arrived', async () => {
    await sender.publish({ format: 'only.one', payload: {} });
    const error = await rejectionOf(probe.waitForMessages(2, 20));
    expect([error.code, error.message]).toEqual([
      'TIMEOUT',
      'ProbeAgent "probe" waited 20 ms for 2 message(s); got 1: [only.one].',
    ]);
  });
});
