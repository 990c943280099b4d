import jsonata from 'jsonata';
import { type SpecPath } from '../loader/spec-path';
import { checkCel, ownValue } from '@guildkit/core';
import { type ProblemCollector } from './problem-collector';

type Raw = Record<string, unknown>;

function mapping(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : undefined;
}

function nonEmpty(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  const tag = mapping(value);
  return tag !== undefined && Object.keys(tag).length > 0;
}

function checkJsonata(expression: unknown, path: SpecPath, collector: ProblemCollector): void {
  if (typeof expression !== 'string') return;
  try {
    jsonata(expression);
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    collector.add({
      path,
      message:
        `JSONata does not compile: ${message ?? String(error)}` +
        (typeof position === 'number' ? ` (at character ${position} of the expression)` : ''),
    });
  }
}

/** Where an expression is checked as CEL rather than JSONata (`expression_type: cel`). */
function checkCelExpression(
  expression: unknown,
  path: SpecPath,
  collector: ProblemCollector,
): void {
  if (typeof expression !== 'string') return;
  try {
    checkCel(expression, 'CEL');
  } catch (error) {
    const text = (error as Error).message.replace(/^CEL: invalid CEL expression: /, '');
    collector.add({ path, message: `CEL does not compile: ${text}` });
  }
}

/** Checks `expression` as JSONata, or as CEL when `type` is `cel` (or `cel_fn`). */
export function checkExpression(
  input: { expression: unknown; type: unknown; path: SpecPath },
  collector: ProblemCollector,
): void {
  if (input.type === 'cel' || input.type === 'cel_fn') {
    checkCelExpression(input.expression, input.path, collector);
  } else checkJsonata(input.expression, input.path, collector);
}

function checkStep(step: Raw, path: SpecPath, collector: ProblemCollector): void {
  if (!nonEmpty(ownValue(step, 'agent')) && !nonEmpty(ownValue(step, 'agent_type'))) {
    collector.add({
      path,
      message: "a route step needs 'agent' or 'agent_type': the agent whose messages it routes",
    });
  }
  const transformer = mapping(ownValue(step, 'transformer'));
  if (transformer !== undefined) {
    const at = [...path, 'transformer'];
    const type = ownValue(transformer, 'expression_type');
    for (const key of ['expression', 'handler']) {
      checkExpression(
        { expression: ownValue(transformer, key), type, path: [...at, key] },
        collector,
      );
    }
  }
  for (const key of ['agent_state_update', 'guild_state_update']) {
    const update = mapping(ownValue(step, key));
    if (update === undefined) continue;
    const expression = ownValue(update, 'state_update');
    const type = ownValue(update, 'expression_type');
    checkExpression({ expression, type, path: [...path, key, 'state_update'] }, collector);
  }
}

/**
 * Checks route steps as upstream's RoutingRule does, and more: each step names `agent` or
 * `agent_type`, and every expression (transformer `expression`/`handler`, `state_update`)
 * compiles as JSONata, or as CEL with `expression_type: cel`, so a typo is found by `validate` rather than when the first message is routed.
 *
 * @example
 * checkRoutes({ steps: [{ destination: { topics: 'x' } }] }, collector); // needs agent or agent_type
 */
export function checkRoutes(routes: unknown, collector: ProblemCollector): void {
  const steps = ownValue(mapping(routes) ?? {}, 'steps');
  if (!Array.isArray(steps)) return;
  steps.forEach((step: unknown, index) => {
    const raw = mapping(step);
    if (raw !== undefined) checkStep(raw, ['routes', 'steps', index], collector);
  });
}
