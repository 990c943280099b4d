import { Agent } from '../agent/agent';
import { type ProcessContext } from '../agent/process-context';
import { processor } from '../agent/processor';
import { AgentBuilder } from '../guild/agent-builder';
import { type Guild } from '../guild/guild';
import { GuildBuilder } from '../guild/guild-builder';
import { type JsonObject } from '../messaging/json';
import { ProbeAgent } from '../testing/probe-agent';

class GateAgent extends Agent {
  @processor('Num')
  async handle(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ handled: ctx.payload['n'] ?? null }, { format: 'Handled' });
  }

  @processor('Num')
  async other(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ other: ctx.payload['n'] ?? null }, { format: 'Other' });
  }
}

function guildWith(predicate: JsonObject): GuildBuilder {
  return new GuildBuilder({ id: 'gated' })
    .setName('gated')
    .setDescription('predicates')
    .addAgentSpec(
      new AgentBuilder(GateAgent)
        .setId('gate')
        .setName('Gate')
        .setDescription('gated')
        .addPredicate('handle', predicate)
        .buildSpec(),
    );
}

let probes = 0;

async function handledFor(guild: Guild, values: number[]): Promise<unknown[]> {
  probes += 1;
  const probe = await ProbeAgent.join(guild, { id: `probe${probes}` });
  for (const n of values) await probe.publish({ format: 'Num', payload: { n } });
  await probe.waitForMessages((m) => m.format === 'Other' && m.payload['other'] === values.at(-1));
  await guild.idle();
  return probe.messages.filter((m) => m.format === 'Handled').map((m) => m.payload['handled']);
}

describe('runtime predicates (spec predicates, upstream RuntimePredicate)', () => {
  let guild: Guild | undefined;
  afterEach(async () => {
    await guild?.shutdown();
    guild = undefined;
  });

  it('should skip messages for which a jsonata_fn predicate is false (only for that method)', async () => {
    guild = await guildWith({ expression: 'message.payload.n > 10' }).launch('org');
    expect(await handledFor(guild, [5, 20, 7, 11])).toEqual([20, 11]);
  });

  it('should evaluate the predicate over the guild state', async () => {
    guild = await guildWith({
      predicate_type: 'jsonata_fn',
      expression: 'guild_state.open = true',
    }).launch('org');
    expect(await handledFor(guild, [1])).toEqual([]);
    await guild.stateManager.updateState({ guildId: 'gated', stateUpdate: { open: true } });
    expect(await handledFor(guild, [2])).toEqual([2]);
  });

  it('should skip the message when the predicate fails to evaluate', async () => {
    guild = await guildWith({ expression: '$error("nope")' }).launch('org');
    expect(await handledFor(guild, [1])).toEqual([]);
  });

  it("should show the predicate upstream's full model_dump of the message (agent.py)", async () => {
    guild = await guildWith({
      expression: `$exists(message.routing_slip) and $exists(message.forward_header)
        and $count(message.message_history) = 0 and message.current_thread_id = message.id
        and message.root_thread_id = message.id and $type(message.id) = "number"
        and message.enrich_with_history = 0 and $count(message.origin_guild_stack) = 0
        and message.ttl = 30 and message.is_error_message = false`,
    }).launch('org');
    probes += 1;
    const probe = await ProbeAgent.join(guild, { id: `probe${probes}` });
    await probe.publish({ format: 'Num', payload: { n: 1 } });
    await probe.publish({ format: 'Num', payload: { n: 2 }, ttl: 30 });
    await probe.waitForMessages((m) => m.format === 'Other' && m.payload['other'] === 2);
    await guild.idle();
    expect(probe.messages.filter((m) => m.format === 'Handled').map((m) => m.payload)).toEqual([
      { handled: 2 },
    ]);
  });

  // Upstream's TypeEqualsPredicate reads message["type"], which a model_dump does not have, so
  // there it never passes; Guildkit compares the format (aliases included).
  it('should compare the message format with type_equals', async () => {
    guild = await guildWith({ predicate_type: 'type_equals', expected_type: 'Num' }).launch('org');
    expect(await handledFor(guild, [3])).toEqual([3]);
  });

  it('should skip messages for which a cel_fn predicate is false', async () => {
    guild = await guildWith({
      predicate_type: 'cel_fn',
      expression: 'message.payload.n > 10 && guild_state.size() == 0',
    }).launch('org');
    expect(await handledFor(guild, [5, 20, 7, 11])).toEqual([20, 11]);
  });

  it('should refuse to launch an unsupported predicate type or invalid CEL, naming it', async () => {
    await expect(
      guildWith({ predicate_type: 'python_fn', expression: 'true' }).launch('org'),
    ).rejects.toThrow(
      /agents\[0\]\.predicates\.handle\.predicate_type: "python_fn" is not supported/,
    );
    await expect(
      guildWith({ predicate_type: 'cel_fn', expression: 'message.payload.n >' }).launch('org'),
    ).rejects.toThrow(/agents\[0\]\.predicates\.handle\.expression: invalid CEL expression/);
  });
});
