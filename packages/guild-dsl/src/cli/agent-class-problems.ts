import { agentRegistry, assertHasProcessors, GuildError, type GuildSpec } from '@guildkit/core';
import { loadDocumentFile } from '../loader/load-document';
import { type SpecProblem } from '../validation/spec-problem';

/**
 * Loads the class of every agent of a valid spec, as launching would, and reports a module that
 * does not load, a missing export, or a class without processors, at the agent's `class_name`.
 */
export async function agentClassProblems(options: {
  specFile: string;
  spec: GuildSpec;
  baseDir: string;
}): Promise<SpecProblem[]> {
  const { sourceMap, file } = loadDocumentFile(options.specFile);
  const problems: SpecProblem[] = [];
  for (const [index, agent] of options.spec.agents.entries()) {
    const path = ['agents', index, 'class_name'];
    try {
      assertHasProcessors(
        await agentRegistry.resolve(agent.className, { basePath: options.baseDir }),
      );
    } catch (error) {
      problems.push({
        code: GuildError.is(error, 'PROCESSOR_INVALID') ? 'SPEC_INVALID' : 'UNKNOWN_CLASS',
        severity: 'error',
        path: `agents[${index}].class_name`,
        message: error instanceof Error ? error.message : String(error),
        ...(file === undefined ? {} : { file }),
        ...sourceMap.locate(path),
      });
    }
  }
  return problems;
}
