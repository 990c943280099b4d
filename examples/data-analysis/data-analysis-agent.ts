import { Agent, processor, type ProcessContext } from '@guildkit/core';
import { type CodeExecutor } from '@guildkit/python-exec';
import { AnalysisRequest } from './analysis-request';

/** The reply format of `DataAnalysisAgent`. */
export const ANALYSIS_RESULT = 'AnalysisResult';

/**
 * The seeds' data analysis agent: runs the Python analysis its spec gives in
 * `properties.analysis_code` (loaded with `!code`) over `input_data`, and replies
 * `{analysis_results, files}` or `{error}`. `files` holds what the analysis wrote among
 * `report.csv` and `chart.png`, base64-encoded.
 */
export class DataAnalysisAgent extends Agent {
  @processor(AnalysisRequest, { dependsOn: ['code_executor'] })
  async runAnalysis(
    ctx: ProcessContext<AnalysisRequest>,
    deps: { code_executor: CodeExecutor },
  ): Promise<void> {
    const code = this.properties['analysis_code'];
    if (typeof code !== 'string') {
      await ctx.sendDict(
        { error: 'properties.analysis_code is missing' },
        { format: ANALYSIS_RESULT },
      );
      return;
    }
    const result = await deps.code_executor.execute({
      code,
      globals: { input_data: ctx.payload.data },
      returnGlobals: ['output'],
      outputFiles: ['report.csv', 'chart.png'],
    });
    const files = Object.fromEntries(
      result.outputFiles.map((file) => [file.path, Buffer.from(file.bytes).toString('base64')]),
    );
    const reply =
      result.success && result.globals['output'] !== undefined
        ? { analysis_results: result.globals['output'], files }
        : { error: result.error ?? 'the analysis set no output' };
    await ctx.sendDict(reply, { format: ANALYSIS_RESULT });
  }
}
