import { resolverRegistry, type DependencySpec, type GuildSpec } from '@guildkit/core';
import { importsOutsidePackages, PythonExecExecutorResolver } from '@guildkit/python-exec';
import { loadDocumentFile } from '../loader/load-document';
import { formatPath, type SpecPath } from '../loader/spec-path';
import { type SpecProblem } from '../validation/spec-problem';

async function isPythonExec(className: string, baseDir: string): Promise<boolean> {
  try {
    return (
      (await resolverRegistry.resolve(className, { basePath: baseDir })) ===
      PythonExecExecutorResolver
    );
  } catch {
    return false; // an unknown class is reported by validation itself
  }
}

/**
 * Warns about each `whitelisted_imports`/`default_imports` entry of a Python executor that is
 * neither standard library nor provided by its `packages`: importing it would fail at run time
 * (a default import fails the agent's launch).
 */
export async function importProblems(options: {
  specFile: string;
  spec: GuildSpec;
  baseDir: string;
}): Promise<SpecProblem[]> {
  const { sourceMap, file } = loadDocumentFile(options.specFile);
  const maps: [SpecPath, Record<string, DependencySpec>][] = [
    [[], options.spec.dependencyMap],
    ...options.spec.agents.map((agent, i): [SpecPath, Record<string, DependencySpec>] => [
      ['agents', i],
      agent.dependencyMap,
    ]),
  ];
  const problems: SpecProblem[] = [];
  for (const [prefix, map] of maps) {
    for (const [key, dependency] of Object.entries(map)) {
      if (!(await isPythonExec(dependency.className, options.baseDir))) continue;
      for (const { property, module } of importsOutsidePackages(dependency.properties ?? {})) {
        // `whitelisted_imports[2]` or `default_imports.np`
        const [name = '', entry = ''] = property.split(/[[\].]/).filter((part) => part !== '');
        const isIndex = /^\d+$/.test(entry);
        const path = [
          ...prefix,
          'dependency_map',
          key,
          'properties',
          name,
          isIndex ? Number(entry) : entry,
        ];
        problems.push({
          code: 'SPEC_INVALID',
          severity: 'warning',
          path: formatPath(path),
          message:
            `'${module}' is neither in the Python standard library nor provided by 'packages', ` +
            `so importing it will fail; add its package to 'packages' or remove it`,
          ...(file === undefined ? {} : { file }),
          ...sourceMap.locate(path),
        });
      }
    }
  }
  return problems;
}
