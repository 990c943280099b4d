import {
  Agent,
  DEFAULT_TOPIC,
  processor,
  type JsonObject,
  type ProcessContext,
} from '@guildkit/core';
import { CodeRequest } from '@guildkit/python-exec';
import { chunkCode, splitRange, SumSquaresTask } from './sum-squares';

interface PendingTask {
  n: number;
  expected: number;
  parts: { worker: string; part: JsonObject }[];
}

/**
 * Splits a `SumSquaresTask` across the code agents listening on `properties.worker_topics`
 * (one chunk each, as a `CodeRequest`), collects their `CodeResponse`s and publishes one
 * `SumSquaresResult` with the total and each worker's part.
 */
export class CoordinatorAgent extends Agent {
  private readonly tasks = new Map<string, PendingTask>();
  private readonly taskOfRequest = new Map<string, string>();

  private get workerTopics(): string[] {
    const topics = this.properties['worker_topics'];
    return Array.isArray(topics) ? topics.filter((t): t is string => typeof t === 'string') : [];
  }

  @processor(SumSquaresTask)
  async split(ctx: ProcessContext<SumSquaresTask>): Promise<void> {
    const topics = this.workerTopics;
    const ranges = splitRange(ctx.payload.n, topics.length);
    this.tasks.set(ctx.message.id, { n: ctx.payload.n, expected: topics.length, parts: [] });
    for (const [i, topic] of topics.entries()) {
      const range = ranges[i] ?? { start: 1, stop: 1 };
      const request = await ctx.send(new CodeRequest(chunkCode(range)), { topics: topic });
      this.taskOfRequest.set(request.id, ctx.message.id);
    }
  }

  @processor('CodeResponse')
  async combine(ctx: ProcessContext): Promise<void> {
    const taskId = this.taskOfRequest.get(ctx.message.inResponseTo ?? '');
    const task = taskId === undefined ? undefined : this.tasks.get(taskId);
    if (taskId === undefined || task === undefined) return;
    this.taskOfRequest.delete(ctx.message.inResponseTo ?? '');
    const output = ctx.payload['output'];
    const worker = ctx.message.sender.id ?? '?';
    const part: JsonObject =
      ctx.payload['status'] === 'success' && typeof output === 'object' && output !== null
        ? { worker, ...(output as JsonObject) }
        : { worker, error: ctx.payload['error'] ?? 'failed' };
    task.parts.push({ worker, part });
    if (task.parts.length < task.expected) return;
    this.tasks.delete(taskId);
    const parts = task.parts.sort((a, b) => a.worker.localeCompare(b.worker)).map((p) => p.part);
    const total = parts.reduce(
      (sum, p) => sum + (typeof p['partial'] === 'number' ? p['partial'] : 0),
      0,
    );
    await ctx.sendDict(
      { n: task.n, total, parts },
      { format: 'SumSquaresResult', topics: DEFAULT_TOPIC },
    );
  }
}
