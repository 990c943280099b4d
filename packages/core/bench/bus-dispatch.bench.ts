// Messages per second from Guild.publish through the in-memory bus into a processor, against
// two bare eventemitter3 emit loops measured in the same run (interleaved rounds, best kept):
// - "emit + JSON copy": emit the serialised message, the listener parses its own copy. This is
//   the least any bus must do to keep the isolation Guildkit promises (subscribers never share
//   objects, messages are JSON as on a networked bus). Target: ours >= 0.5x of this.
// - "emit (no copy)": emit the object itself; shown for scale only.
// A second pair of rows sends each message through a chain of three agents, once with explicit
// topics and once with the guild's routing slip deciding every hop (3 steps, the first with a
// JSONata payload transformer; default route_times 1, so each hop uses up its step as in most
// upstream specs). Target: routed >= 0.5x of the explicit chain. A third row keeps all 3 steps
// on every message (route_times -1), for scale.
// Run with `node scripts/bench.mjs core`.
import { EventEmitter } from 'eventemitter3';
import {
  Agent,
  AgentBuilder,
  type Guild,
  GuildBuilder,
  type JsonObject,
  type ProcessContext,
  processor,
  RouteBuilder,
} from '@guildkit/core';

const MESSAGES = 200_000;
const BATCH = 2_000;
const ROUNDS = 5;

class SinkAgent extends Agent {
  count = 0;
  @processor('bench.ping')
  sink(ctx: ProcessContext): void {
    this.count += ctx.payload['n'] === undefined ? 0 : 1;
  }
}

const CHAIN_MESSAGES = 20_000;

class HopAgent extends Agent {
  @processor('bench.hop')
  async hop(ctx: ProcessContext): Promise<void> {
    const next = this.properties['next'];
    await ctx.sendDict(ctx.payload, {
      format: 'bench.hop',
      ...(typeof next === 'string' ? { topics: next } : {}),
    });
  }
}

class ChainSinkAgent extends Agent {
  count = 0;
  @processor('bench.hop')
  sink(ctx: ProcessContext): void {
    this.count += ctx.payload['n'] === undefined ? 0 : 1;
  }
}

async function chainGuild(mode: 'plain' | 'routed' | 'forever'): Promise<Guild> {
  const routed = mode !== 'plain';
  const builder = new GuildBuilder({ id: `${mode}-chain` })
    .setName(`${mode} chain`)
    .setDescription('three hops');
  const topics = ['hop1', 'hop2', 'hop3', 'chain_sink'];
  for (let i = 1; i <= 3; i += 1) {
    builder.addAgentSpec(
      new AgentBuilder(HopAgent)
        .setId(`hop${i}`)
        .setName(`Hop${i}`)
        .setDescription('forwards')
        .addAdditionalTopic(topics[i - 1] ?? '')
        .listenToDefaultTopic(false)
        .setProperties(routed ? {} : { next: topics[i] ?? '' })
        .buildSpec(),
    );
    if (routed) {
      const route = new RouteBuilder({ name: `Hop${i}` }).setDestinationTopics(topics[i] ?? '');
      if (mode === 'forever') route.setRouteTimes(-1);
      if (i === 1) route.setPayloadTransformer('bench.hop', '{ "n": n, "hop": 1 }');
      builder.addRoute(route.build());
    }
  }
  builder.addAgentSpec(
    new AgentBuilder(ChainSinkAgent)
      .setId('chain_sink')
      .setName('ChainSink')
      .setDescription('counts')
      .addAdditionalTopic('chain_sink')
      .listenToDefaultTopic(false)
      .buildSpec(),
  );
  return builder.launch('bench-org');
}

async function throughChain(guild: Guild): Promise<number> {
  const sink = guild.getAgentInstance('chain_sink') as ChainSinkAgent;
  sink.count = 0;
  const start = performance.now();
  for (let sent = 0; sent < CHAIN_MESSAGES; sent += BATCH) {
    for (let n = sent; n < sent + BATCH; n += 1)
      void guild.publish({ topics: 'hop1', format: 'bench.hop', payload: { n } });
    await guild.idle();
  }
  const seconds = (performance.now() - start) / 1000;
  if (sink.count !== CHAIN_MESSAGES) {
    throw new Error(`chain delivered ${sink.count}/${CHAIN_MESSAGES}`);
  }
  return CHAIN_MESSAGES / seconds;
}

function sampleMessage(n: number): JsonObject {
  return {
    id: '0123456789abcdef',
    topics: ['default_topic'],
    sender: { id: 'bench', name: 'Bench' },
    format: 'bench.ping',
    payload: { n },
    inResponseTo: null,
    thread: ['0123456789abcdef'],
    recipientList: [],
    priority: 4,
    timestamp: Date.now(),
    isErrorMessage: false,
    messageHistory: [],
  };
}

function bareEmit(): number {
  const emitter = new EventEmitter<string>();
  let count = 0;
  emitter.on('default_topic', (message: JsonObject) => {
    count += (message['payload'] as JsonObject)['n'] === undefined ? 0 : 1;
  });
  const start = performance.now();
  for (let n = 0; n < MESSAGES; n += 1) emitter.emit('default_topic', sampleMessage(n));
  const seconds = (performance.now() - start) / 1000;
  if (count !== MESSAGES) throw new Error(`bare emit delivered ${count}/${MESSAGES}`);
  return MESSAGES / seconds;
}

function bareEmitWithCopy(): number {
  const emitter = new EventEmitter<string>();
  let count = 0;
  emitter.on('default_topic', (serialized: string) => {
    const message = JSON.parse(serialized) as JsonObject;
    count += (message['payload'] as JsonObject)['n'] === undefined ? 0 : 1;
  });
  const start = performance.now();
  for (let n = 0; n < MESSAGES; n += 1)
    emitter.emit('default_topic', JSON.stringify(sampleMessage(n)));
  const seconds = (performance.now() - start) / 1000;
  if (count !== MESSAGES) throw new Error(`bare emit with copy delivered ${count}/${MESSAGES}`);
  return MESSAGES / seconds;
}

async function throughGuild(guild: Guild, sink: SinkAgent): Promise<number> {
  sink.count = 0;
  const start = performance.now();
  for (let sent = 0; sent < MESSAGES; sent += BATCH) {
    for (let n = sent; n < sent + BATCH; n += 1)
      void guild.publish({ format: 'bench.ping', payload: { n } });
    await guild.idle();
  }
  const seconds = (performance.now() - start) / 1000;
  if (sink.count !== MESSAGES) throw new Error(`guild delivered ${sink.count}/${MESSAGES}`);
  return MESSAGES / seconds;
}

function best(samples: number[]): number {
  return Math.max(...samples);
}

function format(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')} msgs/s`;
}

async function main(): Promise<void> {
  const guild = await new GuildBuilder()
    .setName('bench')
    .setDescription('bus dispatch benchmark')
    .addAgentSpec(
      new AgentBuilder(SinkAgent)
        .setId('sink')
        .setName('Sink')
        .setDescription('counts')
        .buildSpec(),
    )
    .launch('bench-org');
  const sink = guild.getAgentInstance('sink') as SinkAgent;
  const ours: number[] = [];
  const bare: number[] = [];
  const bareCopy: number[] = [];
  await throughGuild(guild, sink);
  bareEmit();
  bareEmitWithCopy();
  for (let round = 0; round < ROUNDS; round += 1) {
    global.gc?.();
    bare.push(bareEmit());
    global.gc?.();
    bareCopy.push(bareEmitWithCopy());
    global.gc?.();
    ours.push(await throughGuild(guild, sink));
  }
  await guild.shutdown();
  const plainChain = await chainGuild('plain');
  const routedChain = await chainGuild('routed');
  const foreverChain = await chainGuild('forever');
  const plainRates: number[] = [];
  const routedRates: number[] = [];
  const foreverRates: number[] = [];
  for (const chain of [plainChain, routedChain, foreverChain]) await throughChain(chain);
  for (let round = 0; round < ROUNDS; round += 1) {
    global.gc?.();
    plainRates.push(await throughChain(plainChain));
    global.gc?.();
    routedRates.push(await throughChain(routedChain));
    global.gc?.();
    foreverRates.push(await throughChain(foreverChain));
  }
  for (const chain of [plainChain, routedChain, foreverChain]) await chain.shutdown();
  const oursBest = best(ours);
  const ratio = oursBest / best(bareCopy);
  console.log(`messages per round: ${MESSAGES}, rounds: ${ROUNDS} (best round reported)`);
  console.log(`guild publish -> bus -> processor   ${format(oursBest)}`);
  console.log(
    `bare eventemitter3 emit + JSON copy  ${format(best(bareCopy))}   ratio ${ratio.toFixed(2)}`,
  );
  console.log(
    `bare eventemitter3 emit (no copy)    ${format(best(bare))}   ratio ${(oursBest / best(bare)).toFixed(2)}`,
  );
  console.log(`target ours/bare(JSON copy) >= 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  const chainRatio = best(routedRates) / best(plainRates);
  console.log(`3-hop chain, explicit topics          ${format(best(plainRates))}`);
  console.log(
    `3-hop chain, routing slip + JSONata   ${format(best(routedRates))}   ratio ${chainRatio.toFixed(2)}`,
  );
  console.log(
    `3-hop chain, slip kept (route_times -1) ${format(best(foreverRates))}   ratio ${(best(foreverRates) / best(plainRates)).toFixed(2)}`,
  );
  console.log(`target routed/explicit >= 0.50: ${chainRatio >= 0.5 ? 'met' : 'NOT met'}`);
}

void main();
