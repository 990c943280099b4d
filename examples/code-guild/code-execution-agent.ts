import { Agent, processor, type JsonObject, type ProcessContext } from '@guildkit/core';
import { type CodeExecutor } from '@guildkit/python-exec';
import { CodeRequest } from '../shared/code-request';

/** The reply format of `CodeExecutionAgent`. */
export const CODE_RESPONSE = 'CodeResponse';

/**
 * The seeds' code execution agent: runs `CodeRequest.code` in its own stateful Python
 * interpreter with `input_data` bound, and replies `{status: 'success', output}` (the `output`
 * variable, if the code set one) or `{status: 'error', error}`. Captured `stdout` and the value
 * of a final expression (`display`) come along, so a REPL can show them.
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
    const extras: JsonObject = {};
    if (result.stdout !== '') extras['stdout'] = result.stdout;
    if (result.displayValue !== undefined) extras['display'] = result.displayValue;
    if (result.stateReset) extras['state_reset'] = true;
    const reply: JsonObject = result.success
      ? { status: 'success', output: result.globals['output'] ?? 'No output variable defined' }
      : { status: 'error', error: result.error ?? 'execution failed' };
    await ctx.sendDict({ ...reply, ...extras }, { format: CODE_RESPONSE });
  }
}
