import { type SourceMap } from '../loader/source-map';
import { formatPath, type SpecPath } from '../loader/spec-path';
import { type SourceLocation, type SpecProblem, type SpecProblemCode } from './spec-problem';

export interface ProblemInput {
  code?: SpecProblemCode;
  severity?: 'error' | 'warning';
  path: SpecPath;
  message: string;
  suggestion?: string | undefined;
  /** Point at the mapping key rather than its value (unknown or misspelt keys). */
  atKey?: boolean;
  /** An exact location, when the caller knows it better than the source map. */
  at?: SourceLocation;
}

/** Collects problems, locating each one through the source map. */
export class ProblemCollector {
  readonly problems: SpecProblem[] = [];

  constructor(private readonly sourceMap?: SourceMap) {}

  add(input: ProblemInput): void {
    const location =
      input.at ?? this.sourceMap?.locate(input.path, { key: input.atKey === true }) ?? {};
    const problem: SpecProblem = {
      ...location,
      code: input.code ?? 'SPEC_INVALID',
      severity: input.severity ?? 'error',
      path: formatPath(input.path),
      message: input.message,
    };
    if (input.suggestion !== undefined) problem.suggestion = input.suggestion;
    this.problems.push(problem);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}
