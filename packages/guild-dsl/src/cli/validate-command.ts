import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { formatProblem, type SpecProblem } from '../validation/spec-problem';
import { type ValidateOptions } from '../validation/validate-guild-document';
import { type CliIO } from './cli-io';
import { type ValidateCommand } from './cli-command';
import { agentClassProblems } from './agent-class-problems';
import { colorsFor } from './colors';
import { importProblems } from './import-problems';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Prints problems, errors red and warnings yellow; used by `validate` and `run`. */
export function printProblems(problems: readonly SpecProblem[], io: CliIO): void {
  const colors = colorsFor(io.stderr, io.env);
  for (const problem of problems) {
    const line = formatProblem(problem);
    io.stderr.write(`${problem.severity === 'error' ? colors.red(line) : colors.yellow(line)}\n`);
  }
}

/**
 * `guildkit validate <spec>`: prints every problem with file:line:column and path, then a
 * summary; exit code 1 when there are errors. A spec without errors then has its agent classes
 * loaded, as launching would: a module that does not load, a missing export or a class without
 * processors is an error at that agent's `class_name`. A Python executor's import that neither the
 * standard library nor its `packages` provides is a warning.
 */
export async function validateCommand(
  command: ValidateCommand,
  options: { io: CliIO; known: ValidateOptions },
): Promise<number> {
  const { io } = options;
  const report = validateGuildSpecFile(command.spec, {
    ...options.known,
    strict: command.strict,
    ...(command.includeRoot === undefined ? {} : { includeRoot: command.includeRoot }),
  });
  if (report.valid && report.spec !== undefined) {
    const classProblems = await agentClassProblems({
      specFile: command.spec,
      spec: report.spec,
      baseDir: report.baseDir,
    });
    report.problems.push(...classProblems);
    report.valid = classProblems.length === 0;
    report.problems.push(
      ...(await importProblems({
        specFile: command.spec,
        spec: report.spec,
        baseDir: report.baseDir,
      })),
    );
  }
  if (command.json) {
    io.stdout.write(
      `${JSON.stringify({ valid: report.valid, problems: report.problems }, null, 2)}\n`,
    );
    return report.valid ? 0 : 1;
  }
  printProblems(report.problems, io);
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const file = report.file ?? command.spec;
  if (errors > 0) {
    io.stdout.write(
      `${file}: invalid (${count(errors, 'error')}, ${count(warnings, 'warning')})\n`,
    );
    return 1;
  }
  const spec = report.spec;
  const agents = spec === undefined ? 0 : spec.agents.length;
  const deps = spec === undefined ? 0 : Object.keys(spec.dependencyMap).length;
  io.stdout.write(
    `${file}: valid (${count(agents, 'agent')}, ${count(deps, 'guild dependency', 'guild dependencies')}` +
      `${warnings > 0 ? `, ${count(warnings, 'warning')}` : ''})\n`,
  );
  return 0;
}
