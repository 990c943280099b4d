import { parse, type ParseResult } from '@marcbachmann/cel-js';
import { GuildError } from '../errors/guild-error';

// Route steps run the same few expressions for every message: parse each text once.
const parsed = new Map<string, ParseResult>();
const MAX_CACHED = 1000;

function compile(expression: string, where: string): ParseResult {
  let found = parsed.get(expression);
  if (found === undefined) {
    try {
      found = parse(expression);
    } catch (error) {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}: invalid CEL expression: ${(error as Error).message.split('\n')[0] ?? ''}`,
        { cause: error, details: { expression } },
      );
    }
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(expression, found);
  }
  return found;
}

/** JSON in, as cel-python's `json_to_cel` makes it: integral numbers are CEL ints. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

/** CEL out, as JSON: ints become numbers, maps plain objects. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  }
  return value;
}

/**
 * Evaluates a CEL expression (upstream's `CelExpressionEvaluator.eval`) with the keys of
 * `variables` as its variables. A syntax or evaluation error (such as a missing key) throws a
 * `GuildError` naming `where`.
 *
 * @example
 * evaluateCel("payload.age > 18 ? 'adult' : 'minor'", { payload: { age: 20 } }, 'step 0'); // 'adult'
 */
export function evaluateCel(
  expression: string,
  variables: Record<string, unknown>,
  where: string,
): unknown {
  const program = compile(expression, where);
  try {
    return fromCel(program(toCel(variables) as Record<string, unknown>));
  } catch (error) {
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: CEL evaluation failed: ${(error as Error).message.split('\n')[0] ?? ''}`,
      { cause: error, details: { expression } },
    );
  }
}

/** Throws `SPEC_INVALID` naming `where` when `expression` is not valid CEL. */
export function checkCel(expression: string, where: string): void {
  compile(expression, where);
}
