import { Agent, processor, type ProcessContext } from '@guildkit/core';
import { type CodeExecutor } from '../execution/execution-result';
import { CodeRequest } from './code-request';
import { CodeResponse } from './code-response';

/**
 * The ready-made code agent: runs each `CodeRequest.code` in its own stateful Python
 * interpreter (the `code_executor` dependency, e.g. `PythonExecExecutorResolver`) with
 * `input_data` bound, and replies with one `CodeResponse`. Registered by name, so a guild spec
 * needs no code of its own:
 *
 * @example
 * # guild.yaml
 * dependency_map:
 *   code_executor: { class_name: PythonExecExecutorResolver }
 * agents:
 *   - { id: coder, name: Coder, class_name: CodeExecutionAgent }
 */
export class CodeExecutionAgent extends Agent {
  @processor(CodeRequest, { dependsOn: ['code_executor'] })
  async executeCode(
    ctx: ProcessContext<CodeRequest>,
    deps: { code_executor: CodeExecutor },
  ): Promise<void> {
    const result = await deps.code_executor.execute({
      code: ctx.payload.code,
      globals: { input_data: ctx.payload.input_data },
      returnGlobals: ['output'],
    });
    await ctx.send(CodeResponse.fromResult(result));
  }
}
