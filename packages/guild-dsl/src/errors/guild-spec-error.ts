import { GuildkitError, type JsonObject } from '@guildkit/core';
import {
  formatProblem,
  problemToJson,
  type SpecProblem,
  type SpecProblemCode,
} from '../validation/spec-problem';

const brand = Symbol.for('@guildkit/guild-dsl/GuildSpecError');

/** Every error code `@guildkit/guild-dsl` raises. */
export type GuildSpecErrorCode = SpecProblemCode | 'CLI_USAGE';

export interface GuildSpecErrorOptions {
  cause?: unknown;
  problems?: readonly SpecProblem[];
  details?: JsonObject;
}

/**
 * The one error base of `@guildkit/guild-dsl` (a `GuildkitError`). A spec that fails to load or validate throws one
 * `GuildSpecError` carrying every problem found (`problems`, and JSON-safe in `details.problems`),
 * each with file, line, column and path. `code` is the code of the first problem.
 *
 * @example
 * try { GuildBuilder.fromYamlFile('guild.yaml'); } catch (e) {
 *   if (GuildSpecError.is(e)) for (const p of e.problems) console.error(formatProblem(p));
 * }
 */
export class GuildSpecError extends GuildkitError<GuildSpecErrorCode> {
  readonly [brand] = true;
  readonly problems: readonly SpecProblem[];

  constructor(code: GuildSpecErrorCode, message: string, options: GuildSpecErrorOptions = {}) {
    const problems = options.problems ?? [];
    super(code, message, {
      cause: options.cause,
      details: {
        ...options.details,
        ...(problems.length > 0 ? { problems: problems.map(problemToJson) } : {}),
      },
    });
    this.name = 'GuildSpecError';
    this.problems = problems;
  }

  /** Builds the error for a list of problems: the message lists every one of them. */
  static fromProblems(problems: readonly SpecProblem[], subject = 'guild spec'): GuildSpecError {
    const errors = problems.filter((p) => p.severity === 'error');
    const listed = errors.length > 0 ? errors : problems;
    const message = [
      `Invalid ${subject}: ${listed.length} problem${listed.length === 1 ? '' : 's'}. Fix the spec at the places below:`,
      ...listed.map((p) => `  ${formatProblem(p)}`),
    ].join('\n');
    return new GuildSpecError(listed[0]?.code ?? 'SPEC_INVALID', message, { problems });
  }

  /** True for a `GuildSpecError` (from any copy of the package), optionally of the given code. */
  static override is(value: unknown, code?: GuildSpecErrorCode): value is GuildSpecError {
    return (
      typeof value === 'object' &&
      value !== null &&
      brand in value &&
      (code === undefined || (value as GuildSpecError).code === code)
    );
  }
}
