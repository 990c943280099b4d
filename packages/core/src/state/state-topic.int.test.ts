import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { ERROR_TOPIC, STATE_TOPIC } from '../messaging/topics';
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

  it("should publish upstream's responses on state_topic at NORMAL priority, seen by every agent", async () => {
    const observer = await ProbeAgent.join(guild, { id: 'observer', name: 'Observer' });
    const updated = await ask('StateUpdateRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { mode: 'fast' },
    });
    expect(updated).toMatchObject({
      format: `${UPSTREAM}StateUpdateResponse`,
      topics: [STATE_TOPIC],
      priority: Priority.NORMAL,
      sender: { id: 'state_manager' },
      payload: { state_owner: 'guild', guild_id: 'g', state: { mode: 'fast' }, version: 1 },
    });
    await observer.waitForMessages((m) => m.id === updated.id);
    await ask(`${UPSTREAM}StateUpdateRequest`, {
      state_owner: 'agent',
      guild_id: 'g',
      update_format: 'json-patch',
      state_update: { operations: [{ op: 'add', path: '/seen', value: 1 }] },
    });
    const fetched = await ask('StateFetchRequest', { state_owner: 'agent', guild_id: 'g' });
    expect(fetched).toMatchObject({
      format: `${UPSTREAM}StateFetchResponse`,
      topics: [STATE_TOPIC],
      payload: { state_owner: 'agent', agent_id: 'probe', state: { seen: 1 }, version: 1 },
    });
    expect((await guild.stateManager.getState({ guildId: 'g' })).state).toEqual({ mode: 'fast' });
  });

  it('should answer a fetch with state_path with the sub-state there, as upstream', async () => {
    await guild.stateManager.updateState({
      guildId: 'g',
      stateUpdate: { config: { limits: { max: 3 }, name: 'x', off: null }, tags: ['a'] },
    });
    const fetch = async (statePath: string) =>
      (
        await ask(`${UPSTREAM}StateFetchRequest`, {
          state_owner: 'guild',
          guild_id: 'g',
          state_path: statePath,
        })
      ).payload;
    expect(await fetch('config.limits')).toMatchObject({
      state: { max: 3 },
      state_path: 'config.limits',
      version: 1,
      is_latest: true,
    });
    // A value that is not a mapping comes under the path's last part; nothing there is {}.
    expect((await fetch('config.name'))['state']).toEqual({ name: 'x' });
    expect((await fetch('$.tags'))['state']).toEqual({ tags: ['a'] });
    expect((await fetch('config.missing'))['state']).toEqual({});
    expect((await fetch('config.off'))['state']).toEqual({});
  });

  it('should answer a stale update_version with a StateUpdateError on error_topic', async () => {
    await ask('StateUpdateRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { n: 1 },
    });
    const request = {
      state_owner: 'guild',
      guild_id: 'g',
      state_update: { n: 2 },
      update_version: 0,
    };
    const stale = await ask('StateUpdateRequest', request);
    expect(stale).toMatchObject({
      format: `${UPSTREAM}StateUpdateError`,
      topics: [ERROR_TOPIC],
      isErrorMessage: true,
      payload: { state_update_request: request },
    });
    expect(stale.payload['error']).toMatch(/is at version 1/);
    expect((await guild.stateManager.getState({ guildId: 'g' })).state).toEqual({ n: 1 });
  });

  it('should refuse a request with a wrong field, naming the field', async () => {
    const fetchError = await ask('StateFetchRequest', { state_owner: 'nobody', guild_id: 'g' });
    expect(fetchError).toMatchObject({
      format: `${UPSTREAM}StateFetchError`,
      topics: [ERROR_TOPIC],
      isErrorMessage: true,
    });
    expect(fetchError.payload['error']).toMatch(/"state_owner" must be "agent" or "guild"/);
    const pathError = await ask('StateFetchRequest', {
      state_owner: 'guild',
      guild_id: 'g',
      state_path: 7,
    });
    expect(pathError.payload['error']).toMatch(/"state_path" must be a string; got 7/);
    const updateError = await ask('StateUpdateRequest', { state_owner: 'guild', guild_id: 'g' });
    expect(updateError.format).toBe(`${UPSTREAM}StateUpdateError`);
    expect(updateError.payload['error']).toMatch(/"state_update" must be an object; got nothing/);
    expect(await guild.stateManager.getState({ guildId: 'g' })).toMatchObject({ version: 0 });
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
