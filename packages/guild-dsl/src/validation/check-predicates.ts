import { ownValue } from '@guildkit/core';
import { checkExpression } from './check-routes';
import { type ProblemCollector } from './problem-collector';

type Raw = Record<string, unknown>;

const TYPES = ['jsonata_fn', 'cel_fn', 'type_equals'];

function mapping(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : undefined;
}

/**
 * Checks each agent's `predicates` as launching would, at validate time and with file:line: a
 * known `predicate_type` (`jsonata_fn`, the default, `cel_fn` or `type_equals`) and an
 * expression that compiles.
 *
 * @example
 * checkPredicates([{ predicates: { handle: { predicate_type: 'cel_fn', expression: 'x >' } } }], collector);
 */
export function checkPredicates(agents: unknown, collector: ProblemCollector): void {
  if (!Array.isArray(agents)) return;
  agents.forEach((agent: unknown, index) => {
    const predicates = mapping(ownValue(mapping(agent) ?? {}, 'predicates')) ?? {};
    for (const [method, value] of Object.entries(predicates)) {
      const predicate = mapping(value);
      if (predicate === undefined) continue;
      const path = ['agents', index, 'predicates', method];
      const type = ownValue(predicate, 'predicate_type') ?? 'jsonata_fn';
      if (typeof type !== 'string' || !TYPES.includes(type)) {
        collector.add({
          path: [...path, 'predicate_type'],
          message: `predicate_type ${JSON.stringify(type)} is not supported; use ${TYPES.join(', ')}`,
        });
      } else if (type !== 'type_equals') {
        const expression = ownValue(predicate, 'expression');
        checkExpression({ expression, type, path: [...path, 'expression'] }, collector);
      }
    }
  });
}
