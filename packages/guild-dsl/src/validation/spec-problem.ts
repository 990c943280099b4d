import { type JsonObject } from '@guildkit/core';

/** Machine-readable kind of a spec problem. */
export type SpecProblemCode =
  | 'SPEC_INVALID'
  | 'UNKNOWN_KEY'
  | 'UNKNOWN_CLASS'
  | 'UNSUPPORTED_KEY'
  | 'DUPLICATE_ID'
  | 'FILE_NOT_FOUND'
  | 'CIRCULAR_INCLUDE'
  | 'INCLUDE_UNSUPPORTED'
  | 'YAML_SYNTAX'
  | 'JSON_SYNTAX'
  | 'NOT_A_FILE'
  | 'PATH_OUTSIDE_ROOT'
  | 'LIMIT_EXCEEDED';

/** Where in which file a problem sits (1-based line and column). */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * One problem found while loading or validating a guild spec.
 * `path` is the spec path as written (`agents[1].dependency_map.code_executor.properties`).
 */
export interface SpecProblem extends SourceLocation {
  code: SpecProblemCode;
  severity: 'error' | 'warning';
  path: string;
  message: string;
  /** The closest known name when a key or class name looks misspelt. */
  suggestion?: string;
}

/** A JSON-safe copy of a problem, for error `details`. */
export function problemToJson(problem: SpecProblem): JsonObject {
  const json: JsonObject = {
    code: problem.code,
    severity: problem.severity,
    path: problem.path,
    message: problem.message,
  };
  if (problem.file !== undefined) json['file'] = problem.file;
  if (problem.line !== undefined) json['line'] = problem.line;
  if (problem.column !== undefined) json['column'] = problem.column;
  if (problem.suggestion !== undefined) json['suggestion'] = problem.suggestion;
  return json;
}

/**
 * One line per problem: `file:line:column: error: path: message (did you mean 'x'?)`.
 *
 * @example
 * formatProblem({ code: 'SPEC_INVALID', severity: 'error', path: 'name', message: 'expected a string',
 *   file: 'guild.yaml', line: 2, column: 7 });
 * // "guild.yaml:2:7: error: name: expected a string"
 */
export function formatProblem(problem: SpecProblem): string {
  const where = [problem.file ?? '<spec>', problem.line, problem.column]
    .filter((part) => part !== undefined)
    .join(':');
  const path = problem.path === '' ? '' : `${problem.path}: `;
  const hint = problem.suggestion === undefined ? '' : ` (did you mean '${problem.suggestion}'?)`;
  return `${where}: ${problem.severity}: ${path}${problem.message}${hint}`;
}
