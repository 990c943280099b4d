import { AgentBuilder } from '../../guild/agent-builder';
import { type Guild } from '../../guild/guild';
import { GuildBuilder } from '../../guild/guild-builder';
import { type JsonObject } from '../../messaging/json';
import { ProbeAgent } from '../../testing/probe-agent';
import { SplitterAgent } from './splitter-agent';

function builder(properties: JsonObject): GuildBuilder {
  return new GuildBuilder({ id: 'split' })
    .setName('split')
    .setDescription('splits')
    .addAgentSpec(
      new AgentBuilder(SplitterAgent)
        .setId('splitter')
        .setName('Splitter')
        .setDescription('splits')
        .setProperties(properties)
        .addAdditionalTopic('in')
        .listenToDefaultTopic(false)
        .buildSpec(),
    );
}

async function split(guild: Guild, payload: JsonObject, count: number): Promise<unknown[]> {
  const probe = await ProbeAgent.join(guild, { topics: ['in'] });
  await probe.publish({ topics: 'in', format: 'Whole', payload });
  const messages = await probe.waitForMessages(count);
  return messages.filter((m) => m.sender.id === 'splitter').map((m) => [m.format, m.payload]);
}

describe('SplitterAgent (upstream EIP splitter)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should split a dict field into sorted key parts and pick formats by key', async () => {
    guild = await builder({
      splitter: { split_type: 'dict', field_name: 'parts' },
      format_selector: { strategy: 'dict', format_dict: { b: 'B' }, fallback_format: 'Other' },
    }).launch('org');
    expect(await split(guild, { parts: { b: { n: 2 }, a: { n: 1 } } }, 2)).toEqual([
      ['Other', { n: 1 }],
      ['B', { n: 2 }],
    ]);
  });

  it('should split with JSONata and pick formats from a list', async () => {
    guild = await builder({
      splitter: { split_type: 'jsonata', expression: 'rows.{ "v": $ }' },
      format_selector: { strategy: 'list', format_list: ['First', 'Second'] },
    }).launch('org');
    expect(await split(guild, { rows: [1, 2] }, 2)).toEqual([
      ['First', { v: 1 }],
      ['Second', { v: 2 }],
    ]);
  });

  it('should answer a format list of the wrong length with a SplitterError', async () => {
    guild = await builder({
      splitter: { split_type: 'list', field_name: 'items' },
      format_selector: { strategy: 'list', format_list: ['Only'] },
    }).launch('org');
    const probe = await ProbeAgent.join(guild, { topics: ['in'] });
    await probe.publish({ topics: 'in', format: 'Whole', payload: { items: [{}, {}] } });
    const messages = await probe.waitForMessages((m) => m.isErrorMessage);
    expect(messages.find((m) => m.isErrorMessage)?.payload).toMatchObject({
      error_type: 'SplitterError',
      error_message: 'Length of elements in payload: 2 do not match format list: 1',
    });
  });

  it('should split and pick formats with CEL', async () => {
    guild = await builder({
      splitter: { split_type: 'cel', expression: 'rows.map(r, {"v": r})' },
      format_selector: { strategy: 'cel', expression: 'v > 1 ? "Big" : "Small"' },
    }).launch('org');
    expect(await split(guild, { rows: [1, 2] }, 2)).toEqual([
      ['Small', { v: 1 }],
      ['Big', { v: 2 }],
    ]);
  });

  it('should refuse to launch an unknown splitter or CEL that does not parse, naming the property', async () => {
    await expect(
      builder({
        splitter: { split_type: 'python', expression: 'x' },
        format_selector: { strategy: 'fixed', fixed_format: 'F' },
      }).launch('org'),
    ).rejects.toThrow(/properties\.splitter\.split_type: python is not list, dict, jsonata or cel/);
    await expect(
      builder({
        splitter: { split_type: 'cel', expression: 'rows[' },
        format_selector: { strategy: 'fixed', fixed_format: 'F' },
      }).launch('org'),
    ).rejects.toThrow(/properties\.splitter\.expression: invalid CEL expression/);
  });
});
