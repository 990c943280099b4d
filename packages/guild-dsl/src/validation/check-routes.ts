import jsonata from 'jsonata';
import { type SpecPath } from '../loader/spec-path';
import { ownValue } from '@guildkit/core';
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
    if (ownValue(transformer, 'expression_type') !== 'cel') {
      checkJsonata(ownValue(transformer, 'expression'), [...at, 'expression'], collector);
    }
    checkJsonata(ownValue(transformer, 'handler'), [...at, 'handler'], collector);
  }
  for (const key of ['agent_state_update', 'guild_state_update']) {
    const update = mapping(ownValue(step, key));
    if (update === undefined) continue;
    const stateUpdate = ownValue(update, 'state_update');
    checkJsonata(stateUpdate, [...path, key, 'state_update'], collector);
  }
}

/**
 * Checks route steps as upstream's RoutingRule does, and more: each step names `agent` or
 * `agent_type`, and every JSONata string (transformer `expression`/`handler`, `state_update`)
 * compiles, so a typo is found by `validate` rather than when the first message is routed.
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
