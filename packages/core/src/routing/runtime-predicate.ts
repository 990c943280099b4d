import { GuildError } from '../errors/guild-error';
import { sameFormat } from '../messaging/format-aliases';
import { type JsonObject } from '../messaging/json';
import { type Message } from '../messaging/message';
import { upstreamDump } from '../messaging/upstream-dump';
import { checkCel, evaluateCel } from './cel-expression';
import { checkJsonata, evaluateJsonata } from './jsonata-expression';

function typeOf(predicate: JsonObject): string {
  const type = predicate['predicate_type'];
  return typeof type === 'string' ? type : 'jsonata_fn';
}

/** Python truthiness, as upstream tests the result: empty arrays and objects are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Throws `SPEC_INVALID` naming `where` for an unknown predicate type or invalid JSONata. */
export function checkPredicate(predicate: JsonObject, where: string): void {
  const type = typeOf(predicate);
  if (type === 'jsonata_fn' || type === 'cel_fn') {
    const expression = predicate['expression'];
    if (typeof expression !== 'string' || expression === '') {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}.expression: a ${type} predicate needs an expression.`,
      );
    }
    if (type === 'cel_fn') checkCel(expression, `${where}.expression`);
    else checkJsonata(expression, `${where}.expression`);
  } else if (type === 'type_equals') {
    if (typeof predicate['expected_type'] !== 'string') {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}.expected_type: a type_equals predicate needs expected_type.`,
      );
    }
  } else {
    throw new GuildError(
      'SPEC_INVALID',
      `${where}.predicate_type: "${type}" is not supported; use "jsonata_fn", "cel_fn" or "type_equals".`,
    );
  }
}

/**
 * Upstream's runtime predicate: `jsonata_fn` (or `cel_fn`, CEL) is evaluated over `{ message,
 * agent_state, guild_state }` (the message as upstream's `model_dump()`, see `upstreamDump`) and
 * passes when truthy. `type_equals` passes when the message's format is `expected_type` (or an
 * alias of it): upstream reads `message["type"]`, a key its messages do not have, so there it
 * never passes; Guildkit gives it the meaning its name promises. Resolves false when evaluation fails (upstream skips the message then).
 */
export async function evaluatePredicate(
  predicate: JsonObject,
  input: { message: Message; agentState: JsonObject; guildState: JsonObject },
  where: string,
): Promise<boolean> {
  if (typeOf(predicate) === 'type_equals') {
    return sameFormat(predicate['expected_type'] as string, input.message.format);
  }
  const expression = predicate['expression'] as string;
  const data = {
    message: upstreamDump(input.message),
    agent_state: input.agentState,
    guild_state: input.guildState,
  };
  try {
    const result =
      typeOf(predicate) === 'cel_fn'
        ? evaluateCel(expression, data, where)
        : await evaluateJsonata(expression, data, where);
    return truthy(result);
  } catch {
    return false;
  }
}
