import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type Message } from '../messaging/message';
import { STATE_TOPIC } from '../messaging/topics';
import { ProbeAgent } from '../testing/probe-agent';

const UPSTREAM = 'rustic_ai.core.state.models.';

describe("upstream's state messages on state_topic", () => {
  let guild: Guild;
  let probe: ProbeAgent;
  beforeEach(async () => {
    guild = await new GuildBuilder({ id: 'g' }).setName('g').setDescription('state').launch('org');
    probe = await ProbeAgent.join(guild);
  });
  afterEach(async () => {
    await guild.shutdown();
  });

  async function ask(format: string, payload: Message['payload']): Promise<Message> {
    probe.clear();
    const sent = await probe.publish({ topics: STATE_TOPIC, format, payload });
    const messages = await probe.waitForMessages((m) => m.inResponseTo === sent.id);
    const reply = messages.find((m) => m.inResponseTo === sent.id);
    if (reply === undefined) throw new Error('no reply');
    return reply;
  }

  it('should update and fetch guild and agent state, answering on the self inbox', async () => {
    const updated = await ask(`${UPSTREAM}StateUpdateRequest`, {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { mode: 'fast' },
    });
    expect(updated).toMatchObject({
      format: `${UPSTREAM}StateUpdateResponse`,
      topics: ['agent_self_inbox:probe'],
      payload: { state_owner: 'guild', guild_id: 'g', state: { mode: 'fast' }, version: 1 },
    });
    await ask('StateUpdateRequest', {
      state_owner: 'agent',
      guild_id: 'g',
      update_format: 'json-patch',
      state_update: { operations: [{ op: 'add', path: '/seen', value: 1 }] },
    });
    const fetched = await ask('StateFetchRequest', { state_owner: 'agent', guild_id: 'g' });
    expect(fetched).toMatchObject({
      format: 'StateFetchResponse',
      payload: { state_owner: 'agent', agent_id: 'probe', state: { seen: 1 }, version: 1 },
    });
    expect((await guild.stateManager.getState({ guildId: 'g' })).state).toEqual({ mode: 'fast' });
  });

  it('should answer a stale update_version with a StateUpdateError', async () => {
    await ask('StateUpdateRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { n: 1 },
    });
    const stale = await ask('StateUpdateRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { n: 2 },
      update_version: 0,
    });
    expect(stale).toMatchObject({ format: 'StateUpdateError', isErrorMessage: true });
    expect(stale.payload['error']).toMatch(/is at version 1/);
    expect((await guild.stateManager.getState({ guildId: 'g' })).state).toEqual({ n: 1 });
  });

  it('should apply a StateUpdateRequest at its update_path', async () => {
    await ask('StateUpdateRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { n: 1 },
    });
    const updated = await ask(`${UPSTREAM}StateUpdateRequest`, {
      state_owner: 'guild',
      guild_id: 'g',
      update_path: 'agents.health["probe"]',
      state_update: { status: 'ok' },
    });
    expect(updated.payload['state']).toEqual({
      n: 1,
      agents: { health: { probe: { status: 'ok' } } },
    });
  });
});
