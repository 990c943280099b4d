import { Agent, processor, type ProcessContext } from '@guildkit/core';
import { type CodeExecutor, type ExecuteRequest } from '../execution/execution-result';
import { CodeInterrupt } from './code-interrupt';
import { CodeOutputStream } from './code-output-stream';
import { CodeRequest } from './code-request';
import { CodeResponse } from './code-response';

/** Interrupts that came before their request are remembered for this many requests. */
const EARLY_INTERRUPTS = 64;

/**
 * The ready-made code agent: runs each `CodeRequest.code` in its own stateful Python
 * interpreter (the `code_executor` dependency, e.g. `PythonExecExecutorResolver`) with
 * `input_data` bound, and replies with one `CodeResponse`. With `stream: true` the output also
 * comes as it is printed, in `CodeOutput` messages before the response; a `CodeInterrupt`
 * naming the request interrupts it (handled on arrival, while the request runs). Registered by
 * name, so a guild spec needs no code of its own:
 *
 * @example
 * # guild.yaml
 * dependency_map:
 *   code_executor: { class_name: PythonExecExecutorResolver }
 * agents:
 *   - { id: coder, name: Coder, class_name: CodeExecutionAgent }
 */
export class CodeExecutionAgent extends Agent {
  /** The requests in progress (one at a time, unless a subclass changes that), by message id. */
  private readonly running = new Map<string, AbortController>();
  private readonly early = new Set<string>();

  @processor(CodeRequest, { dependsOn: ['code_executor'] })
  async executeCode(
    ctx: ProcessContext<CodeRequest>,
    deps: { code_executor: CodeExecutor },
  ): Promise<void> {
    const { id } = ctx.message;
    const { payload } = ctx;
    const controller = new AbortController();
    if (this.early.delete(id)) controller.abort();
    this.running.set(id, controller);
    const output = payload.stream === true ? new CodeOutputStream((o) => ctx.send(o)) : undefined;
    const request: ExecuteRequest = {
      code: payload.code,
      globals: { input_data: payload.input_data },
      returnGlobals: ['output'],
      signal: controller.signal,
      ...(payload.output_files !== undefined && { outputFiles: payload.output_files }),
      ...(output !== undefined && {
        onStdout: (text: string) => {
          output.write('stdout', text);
        },
        onStderr: (text: string) => {
          output.write('stderr', text);
        },
        onResult: (result) => {
          output.result({ isMainResult: result.isMainResult, data: result.data });
        },
      }),
    };
    try {
      const result = await deps.code_executor.execute(request);
      await output?.finish();
      await ctx.send(CodeResponse.fromResult(result));
    } finally {
      this.running.delete(id);
      await output?.finish();
    }
  }

  @processor(CodeInterrupt, { onArrival: true })
  interrupt(ctx: ProcessContext<CodeInterrupt>): void {
    const { request_id } = ctx.payload;
    const controller = this.running.get(request_id);
    if (controller !== undefined) {
      controller.abort();
      return;
    }
    this.early.add(request_id);
    if (this.early.size > EARLY_INTERRUPTS) {
      const [oldest] = this.early;
      if (oldest !== undefined) this.early.delete(oldest);
    }
  }
}
