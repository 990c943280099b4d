// One process of a benchmark guild: hosts the agents named on the command line on a shared
// Redis bus, prints `ready`, and shuts down on SIGTERM. Run by redis-bus.bench.ts.
import {
  Agent,
  AgentBuilder,
  type AgentSpec,
  GuildBuilder,
  type ProcessContext,
  processor,
} from '@guildkit/core';
import { CodeExecutionAgent, PythonExecExecutorResolver } from '@guildkit/python-exec';
import { RedisMessageBus } from '../src/index';

/** Answers each `bench.ping` on the topic the benchmark listens to. */
export class EchoAgent extends Agent {
  @processor('bench.ping')
  async echo(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict(ctx.payload, { format: 'bench.pong', topics: 'bench_replies' });
  }
}

export interface HostPlan {
  url: string;
  guildId: string;
  kind: 'echo' | 'coder';
  agentIds: string[];
}

export function agentSpec(kind: HostPlan['kind'], id: string): AgentSpec {
  const builder =
    kind === 'echo'
      ? new AgentBuilder(EchoAgent).addAdditionalTopic('bench_pings')
      : new AgentBuilder(CodeExecutionAgent);
  return builder.setId(id).setName(id).setDescription(`${kind} agent`).buildSpec();
}

export function guildBuilder(plan: Omit<HostPlan, 'url'>): GuildBuilder {
  const builder = new GuildBuilder({ id: plan.guildId, name: plan.guildId, description: 'bench' });
  if (plan.kind === 'coder') {
    builder.addDependencyResolver('code_executor', {
      className: PythonExecExecutorResolver.name,
      properties: { whitelisted_imports: ['math'] },
    });
  }
  for (const id of plan.agentIds) builder.addAgentSpec(agentSpec(plan.kind, id));
  return builder;
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as HostPlan;
  const bus = new RedisMessageBus({ url: plan.url });
  const guild = await guildBuilder(plan).launch('bench', { bus });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void guild
      .shutdown({ graceMs: 100 })
      .finally(() => bus.close())
      .finally(() => process.exit(0));
  });
}

if (require.main === module) void main();
