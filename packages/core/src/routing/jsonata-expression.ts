import jsonata from 'jsonata';
import { GuildError } from '../errors/guild-error';

type Compiled = ReturnType<typeof jsonata>;

// Route steps run the same few expressions for every message: compile each text once.
const compiled = new Map<string, Compiled>();
const MAX_CACHED = 1000;

function compile(expression: string, where: string): Compiled {
  let found = compiled.get(expression);
  if (found === undefined) {
    try {
      found = jsonata(expression);
    } catch (error) {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}: invalid JSONata expression: ${(error as Error).message}`,
        { cause: error, details: { expression } },
      );
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(expression, found);
  }
  return found;
}

/**
 * Evaluates a JSONata expression over `input`; resolves `undefined` when it yields nothing.
 * A syntax or evaluation error rejects with a `GuildError` naming `where`.
 *
 * @example
 * await evaluateJsonata('payload.n + 1', { payload: { n: 1 } }, 'route step 0'); // 2
 */
export async function evaluateJsonata(
  expression: string,
  input: unknown,
  where: string,
): Promise<unknown> {
  const expr = compile(expression, where);
  try {
    return (await expr.evaluate(input)) as unknown;
  } catch (error) {
    const text = (error as { message?: unknown }).message;
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: JSONata evaluation failed: ${typeof text === 'string' ? text : String(error)}`,
      { cause: error, details: { expression } },
    );
  }
}

/** Throws `SPEC_INVALID` naming `where` when `expression` is not valid JSONata. */
export function checkJsonata(expression: string, where: string): void {
  compile(expression, where);
}
