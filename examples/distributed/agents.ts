import { Agent, DEFAULT_TOPIC, processor, type ProcessContext } from '@guildkit/core';
import { CodeExecutionAgent, CodeRequest } from '@guildkit/python-exec';

/** `SquaresRequest {n}`: the sum of the squares of 1..n, computed by the coder. */
export interface SquaresRequest {
  n: number;
}

/** Tells the person watching which OS process hosts an agent. */
function announce(agent: Agent): void {
  process.stderr.write(`${agent.id} is hosted in process ${process.pid}\n`);
}

/**
 * The planner: turns a `SquaresRequest` into Python for the coder (a `CodeRequest` on the
 * `coder` topic), checks the `CodeResponse` against the closed form n(n+1)(2n+1)/6, and answers
 * `SquaresAnswer {n, sum, checked, planner_pid, coder_pid}` on the default topic, naming the
 * process of each agent that worked on it.
 */
export class PlannerAgent extends Agent {
  private readonly pending = new Map<string, number>();

  override onStart(): void {
    announce(this);
  }

  @processor('SquaresRequest')
  async plan(ctx: ProcessContext): Promise<void> {
    const n = ctx.payload['n'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new Error(`SquaresRequest.n must be a positive integer, got ${JSON.stringify(n)}`);
    }
    const code = 'output = sum(i * i for i in range(1, input_data["n"] + 1))';
    const request = await ctx.send(new CodeRequest(code, { n }), {
      topics: 'coder',
    });
    this.pending.set(request.id, n);
  }

  @processor('CodeResponse')
  async review(ctx: ProcessContext): Promise<void> {
    const n = this.pending.get(ctx.message.inResponseTo ?? '');
    if (n === undefined) return;
    this.pending.delete(ctx.message.inResponseTo ?? '');
    const sum = ctx.payload['output'];
    if (ctx.payload['status'] !== 'success' || typeof sum !== 'number') {
      throw new Error(`the coder failed on n=${n}: ${JSON.stringify(ctx.payload['error'])}`);
    }
    await ctx.sendDict(
      {
        n,
        sum,
        checked: sum === (n * (n + 1) * (2 * n + 1)) / 6,
        planner_pid: process.pid,
        coder_pid: ctx.getContext()['coder_pid'] ?? null,
      },
      { format: 'SquaresAnswer', topics: DEFAULT_TOPIC },
    );
  }
}

/**
 * `@guildkit/python-exec`'s `CodeExecutionAgent`, unchanged except that its reply carries the id
 * of the process that ran the code (as `coder_pid` in the request context, upstream's
 * `session_state`), so the planner can show where the work happened.
 */
export class PlacedCodeAgent extends CodeExecutionAgent {
  override onStart(): void {
    announce(this);
  }

  @processor(CodeRequest, { dependsOn: ['code_executor'] })
  override async executeCode(
    ctx: ProcessContext<CodeRequest>,
    deps: Parameters<CodeExecutionAgent['executeCode']>[1],
  ): Promise<void> {
    ctx.updateContext({ coder_pid: process.pid });
    await super.executeCode(ctx, deps);
  }
}
