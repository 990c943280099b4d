import { rejectionOf } from '../__tests__/capture-error';
import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { MACHINE_ID_COUNT } from '../bus/machine-id-allocator';
import { GemstoneId } from '../messaging/gemstone-id';
import { ProbeAgent } from '../testing/probe-agent';
import { type Guild } from './guild';
import { GuildBuilder } from './guild-builder';

const machineOf = (id: string): number => GemstoneId.parse(id).machineId;

function builder(): GuildBuilder {
  return new GuildBuilder({ id: 'shared-guild' }).setName('shared').setDescription('two hosts');
}

describe('GemstoneId machine ids of a guild', () => {
  const guilds: Guild[] = [];
  afterEach(async () => {
    await Promise.all(guilds.splice(0).map((g) => g.shutdown()));
  });

  it('should differ between two processes of one guild on one bus, for clients and agents', async () => {
    const bus = new InMemoryMessageBus();
    // Two Guild objects with one id on one bus: what two processes sharing a guild look like.
    const first = await builder().launch('org', { bus });
    const second = await builder().launch('org', { bus });
    guilds.push(first, second);
    const clientIds = [
      machineOf((await first.publish({ format: 'x', payload: {} })).id),
      machineOf((await second.publish({ format: 'x', payload: {} })).id),
    ];
    const probes = [
      await ProbeAgent.join(first, { id: 'p1' }),
      await ProbeAgent.join(second, { id: 'p2' }),
    ];
    const agentIds = await Promise.all(
      probes.map(async (p) => machineOf((await p.publish({ format: 'x', payload: {} })).id)),
    );
    const all = [...clientIds, ...agentIds];
    expect(new Set(all).size).toBe(all.length);
    await bus.close();
  });

  it('should refuse an agent beyond the 256th id source instead of reusing a live id', async () => {
    const guild = await builder().launch('org');
    guilds.push(guild);
    // The guild client and the state service hold two ids.
    for (let n = 0; n < MACHINE_ID_COUNT - 2; n++) await ProbeAgent.join(guild, { id: `p${n}` });
    const error = await rejectionOf(ProbeAgent.join(guild, { id: 'one-too-many' }));
    expect(error.code).toBe('MACHINE_IDS_EXHAUSTED');
    await guild.removeAgent('p5');
    const probe = await ProbeAgent.join(guild, { id: 'after-removal' });
    const id = machineOf((await probe.publish({ format: 'x', payload: {} })).id);
    const client = machineOf((await guild.publish({ format: 'x', payload: {} })).id);
    expect(id).not.toBe(client);
  });

  it('should give the ids back at shutdown, so the next guild on the bus starts from them', async () => {
    const bus = new InMemoryMessageBus();
    const guild = await builder().launch('org', { bus });
    await ProbeAgent.join(guild, { id: 'p' });
    await guild.shutdown();
    expect((await bus.machineIds.claim('shared-guild')).id).toBe(0);
    await bus.close();
  });
});
