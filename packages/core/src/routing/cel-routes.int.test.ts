import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { JsonDict } from '../messaging/payload';
import { ProbeAgent } from '../testing/probe-agent';
import { RouteBuilder } from './route-builder';

class EchoAgent extends Agent {
  @processor(JsonDict)
  async echo(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict(ctx.payload, { format: ctx.message.format });
  }
}

// Upstream's core/tests/utils/test_guild_cel.py: a CEL payload transformer `items[0]` turns a
// purchase order into its first item; here with a CEL guild state update too.
async function launch(step: JsonObject): Promise<{ guild: Guild; probe: ProbeAgent }> {
  const guild = await new GuildBuilder({ id: 'cel' })
    .setName('CelFnGuild')
    .setDescription('Demonstrates cel fn')
    .addAgentSpec(
      new AgentBuilder(EchoAgent)
        .setId('echo_agent_1')
        .setName('Echo Agent 1')
        .setDescription('Echoes message')
        .addAdditionalTopic('echo_1')
        .listenToDefaultTopic(false)
        .buildSpec(),
    )
    .addRoute(step)
    .launch('org');
  return { guild, probe: await ProbeAgent.join(guild, { topics: ['echo_2', 'error_topic'] }) };
}

describe('CEL in route steps (expression_type: cel)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  const order = { order_id: 'o1', items: [{ id: 'item1', quantity: 2 }], customer: 'c' };

  it('should transform the payload and update the guild state with CEL', async () => {
    const step = new RouteBuilder({ name: 'Echo Agent 1' })
      .onMessageFormat('PurchaseOrderRequest')
      .setDestinationTopics('echo_2')
      .setRouteTimes(-1)
      .setPayloadTransformer('ItemProcessingResult', 'items[0]', 'cel')
      .setGuildStateUpdate('{"last_order": origin.payload.order_id}')
      .build();
    (step['guild_state_update'] as JsonObject)['expression_type'] = 'cel';
    const run = await launch(step);
    guild = run.guild;
    await run.probe.publishWithGuildRoutes({
      topics: 'echo_1',
      format: 'PurchaseOrderRequest',
      payload: order,
    });
    const echoed = (m: Message) => m.topics.includes('echo_2');
    const item = (await run.probe.waitForMessages(echoed)).find(echoed);
    await guild.idle(); // the guild state update is a StateUpdateRequest the state service applies
    expect(item).toMatchObject({
      topics: ['echo_2'],
      format: 'ItemProcessingResult',
      payload: { id: 'item1', quantity: 2 },
    });
    expect((await guild.stateManager.getState({ guildId: 'cel' })).state).toEqual({
      last_order: 'o1',
    });
  });
});

describe('CEL that fails at run time', () => {
  it('should answer with an ErrorMessage naming the step instead of routing the message', async () => {
    const step = new RouteBuilder({ name: 'Echo Agent 1' })
      .setDestinationTopics('echo_2')
      .setPayloadTransformer('Item', 'payload.missing.field', 'cel')
      .build();
    const run = await launch(step);
    try {
      await run.probe.publishWithGuildRoutes({ topics: 'echo_1', format: 'X', payload: { a: 1 } });
      const [error] = await run.probe.waitForMessages(1);
      expect(error).toMatchObject({
        topics: ['error_topic'],
        payload: {
          error_type: 'ROUTE_TRANSFORM_FAILED',
          error_message: expect.stringMatching(/route step 0 .*CEL evaluation failed/) as unknown,
        },
      });
    } finally {
      await run.guild.shutdown();
    }
  });
});
