// bus-redis benchmark: a guild spread over processes on a real redis-server, against the
// in-memory bus and redis-benchmark measured in the same run. Run with `pnpm bench bus-redis`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  agentInbox,
  type Guild,
  GuildBuilder,
  InMemoryMessageBus,
  type Message,
  type MessageBus,
} from '@guildkit/core';
import { quantile } from '@guildkit/core/testing';
import { RedisMessageBus } from '../src/index';
import { RedisServer } from '../src/testing/index';
import { guildBuilder, type HostPlan } from './bench-host';

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const tsx = join(__dirname, '../../../node_modules/tsx/dist/cli.mjs');

/** Starts one bench-host process and resolves once its agents are subscribed. */
async function host(plan: HostPlan): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [tsx, '--conditions=@guildkit/source', join(__dirname, 'bench-host.ts'), JSON.stringify(plan)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`bench host exited with ${String(code)}`));
    });
  });
  return child;
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Client side: publishes through a guild with no agents and waits for replies by request id. */
class Client {
  private readonly waiting = new Map<string, () => void>();
  /** Replies that came before their request's publish returned. */
  private readonly early = new Set<string>();
  private constructor(
    readonly guild: Guild,
    private readonly bus: MessageBus,
  ) {}

  static async open(bus: MessageBus, guildId: string, topics: string[]): Promise<Client> {
    const guild = await new GuildBuilder({
      id: guildId,
      name: guildId,
      description: 'client',
    }).launch('bench', { bus });
    const client = new Client(guild, bus);
    for (const topic of topics) {
      await bus.subscribe(guildId, topic, {
        id: 'guild_client',
        handler: (message: Message, _topic, ack) => {
          ack();
          const id = message.inResponseTo;
          if (id === null) return;
          const done = client.waiting.get(id);
          if (done) done();
          else client.early.add(id);
        },
      });
    }
    return client;
  }

  async request(options: { topic: string; format: string; payload: Message['payload'] }) {
    let resolve!: () => void;
    const answered = new Promise<void>((r) => (resolve = r));
    const { topic, format, payload } = options;
    const sent = await this.guild.publish({ topics: topic, format, payload });
    if (!this.early.delete(sent.id)) {
      this.waiting.set(sent.id, resolve);
      const timer = setTimeout(() => {
        console.error(`no reply to ${format} on ${topic} within 60 s`);
        process.exit(1);
      }, 60_000);
      await answered;
      clearTimeout(timer);
      this.waiting.delete(sent.id);
    }
  }

  async close(): Promise<void> {
    await this.guild.shutdown({ graceMs: 100 });
    await this.bus.close();
  }
}

async function roundTrips(client: Client, calls: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const start = performance.now();
    await client.request({ topic: 'bench_pings', format: 'bench.ping', payload: { i } });
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Probe -> echo agent -> reply, all in this process on the in-memory bus. */
async function inMemoryRoundTrip(): Promise<number[]> {
  const bus = new InMemoryMessageBus();
  const plan = { guildId: 'rt-memory', kind: 'echo' as const, agentIds: ['echo'] };
  const agents = await guildBuilder(plan).launch('bench', { bus });
  const client = await Client.open(bus, plan.guildId, ['bench_replies']);
  await roundTrips(client, 200);
  const samples = await roundTrips(client, 2000);
  await agents.shutdown();
  await client.close();
  return samples;
}

/** The same, with the echo agent in another process and Redis in between. */
async function redisRoundTrip(url: string): Promise<number[]> {
  const plan = { url, guildId: 'rt-redis', kind: 'echo' as const, agentIds: ['echo'] };
  const child = await host(plan);
  const client = await Client.open(new RedisMessageBus({ url }), plan.guildId, ['bench_replies']);
  await roundTrips(client, 200);
  const samples = await roundTrips(client, 2000);
  await client.close();
  await stop([child]);
  return samples;
}

/** Messages per second from one publisher to one subscriber in another bus instance, acked. */
async function throughput(url: string, count: number): Promise<number> {
  const publisher = new RedisMessageBus({ url });
  const consumer = new RedisMessageBus({ url });
  let received = 0;
  let allIn!: () => void;
  const done = new Promise<void>((resolve) => (allIn = resolve));
  await consumer.subscribe('flood', 'bench_flood', {
    id: 'sink',
    handler: (_m, _t, ack) => {
      ack();
      received += 1;
      if (received === count) allIn();
    },
  });
  const client = await new GuildBuilder({ id: 'flood', name: 'flood', description: 'd' }).launch(
    'bench',
    { bus: publisher },
  );
  const start = performance.now();
  for (let sent = 0; sent < count; sent += 500) {
    const batch = Array.from({ length: Math.min(500, count - sent) }, (_, i) =>
      client.publish({ topics: 'bench_flood', format: 'bench.flood', payload: { i: sent + i } }),
    );
    await Promise.all(batch);
  }
  await done;
  const rate = count / ((performance.now() - start) / 1000);
  await client.shutdown();
  await publisher.close();
  await consumer.close();
  return rate;
}

/** redis-benchmark's XADD rate against the same server (`clients` connections, no pipelining). */
function redisBenchmarkXadd(port: number, clients: number): number {
  const out = execFileSync(
    'redis-benchmark',
    [
      '-p',
      String(port),
      '-n',
      '50000',
      '-c',
      String(clients),
      '-q',
      'XADD',
      'rb:xadd',
      '*',
      'f',
      'v',
    ],
    { encoding: 'utf8' },
  );
  return Number(/([\d.]+) requests per second/.exec(out)?.[1] ?? NaN);
}

/** 20 code agents split over `processes` processes; CodeRequests per second, all agents busy. */
async function codeLoad(url: string, processes: number, perAgent: number): Promise<number> {
  const guildId = `code-${processes}`;
  const ids = Array.from({ length: 20 }, (_, i) => `coder-${i}`);
  const hosts = await Promise.all(
    Array.from({ length: processes }, (_, p) =>
      host({ url, guildId, kind: 'coder', agentIds: ids.filter((_, i) => i % processes === p) }),
    ),
  );
  const client = await Client.open(new RedisMessageBus({ url }), guildId, ids.map(agentInbox));
  const code = { code: 'output = sum(i * i for i in range(20000))', input_data: {} };
  const ask = (id: string) =>
    client.request({ topic: agentInbox(id), format: 'CodeRequest', payload: code });
  await Promise.all(ids.map(ask)); // every interpreter booted and warm
  const start = performance.now();
  await Promise.all(
    ids.map(async (id) => {
      for (let i = 0; i < perAgent; i += 1) await ask(id);
    }),
  );
  const rate = (ids.length * perAgent) / ((performance.now() - start) / 1000);
  await client.close();
  await stop(hosts);
  return rate;
}

async function main(): Promise<void> {
  // A production-like setting (fsync once a second); the fault tests use `always`.
  const server = await RedisServer.start({ args: ['--appendfsync', 'everysec'] });
  try {
    const stage = (what: string) => process.stderr.write(`bench: ${what}\n`);
    stage('round trip, in-memory');
    const memory = await inMemoryRoundTrip();
    stage('round trip, Redis');
    const redis = await redisRoundTrip(server.url);
    stage('throughput');
    const rate = await throughput(server.url, 20_000);
    stage('redis-benchmark');
    const xadd50 = redisBenchmarkXadd(server.port, 50);
    const xadd1 = redisBenchmarkXadd(server.port, 1);
    const load: { processes: number; rate: number }[] = [];
    for (const processes of [1, 2, 4]) {
      stage(`20 code agents over ${processes} process(es)`);
      load.push({ processes, rate: await codeLoad(server.url, processes, 10) });
    }
    console.log('| measure | Redis bus | baseline (same run) | ratio | target |');
    console.log('| --- | --- | --- | --- | --- |');
    const p = (s: number[], q: number) => quantile(s, q);
    console.log(
      `| round trip probe -> agent in another process -> reply, p50 | ${ms(p(redis, 0.5))} | in-memory bus, one process ${ms(p(memory, 0.5))} | ${(p(redis, 0.5) / p(memory, 0.5)).toFixed(1)}x | |`,
    );
    console.log(
      `| same, p99 | ${ms(p(redis, 0.99))} | ${ms(p(memory, 0.99))} | ${(p(redis, 0.99) / p(memory, 0.99)).toFixed(1)}x | |`,
    );
    console.log(
      `| messages/s, one publisher -> one subscriber, acked | ${rate.toFixed(0)} | redis-benchmark XADD, 50 clients: ${xadd50.toFixed(0)} | ${(rate / xadd50).toFixed(2)}x | >= 0.3x |`,
    );
    console.log(
      `| | | redis-benchmark XADD, 1 client: ${xadd1.toFixed(0)} | ${(rate / xadd1).toFixed(2)}x | |`,
    );
    const one = load[0]?.rate ?? 1;
    for (const { processes, rate: r } of load) {
      console.log(
        `| 20 code agents over ${processes} process(es), CodeRequests/s | ${r.toFixed(1)} | 1 process: ${one.toFixed(1)} | ${(r / one).toFixed(2)}x | |`,
      );
    }
  } finally {
    await server.remove();
  }
}

void main();
