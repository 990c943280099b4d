import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { type GuildSpec } from '../spec/guild-spec';
import { checkCel } from './cel-expression';
import { checkJsonata } from './jsonata-expression';
import { checkPredicate } from './runtime-predicate';

function object(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function hasTag(value: JsonValue | undefined): boolean {
  const tag = object(value);
  return tag !== undefined && (typeof tag['id'] === 'string' || typeof tag['name'] === 'string');
}

function checkExpression(value: JsonValue | undefined, where: string, type?: JsonValue): void {
  if (typeof value !== 'string' || value === '') return;
  if (type === 'cel') checkCel(value, where);
  else checkJsonata(value, where);
}

function checkStep(step: JsonObject, where: string): void {
  if (!hasTag(step['agent']) && typeof step['agent_type'] !== 'string') {
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: a routing step needs "agent" ({id} or {name}) or "agent_type" (upstream's RoutingRule).`,
      { details: { field: where } },
    );
  }
  const transformer = object(step['transformer']);
  if (transformer !== undefined) {
    const style = transformer['style'] ?? 'simple';
    if (style !== 'simple' && style !== 'content_based_router') {
      throw new GuildError(
        'SPEC_INVALID',
        `${where}.transformer.style: ${JSON.stringify(style)} is not "simple" or "content_based_router".`,
      );
    }
    const type = transformer['expression_type'];
    checkExpression(transformer['expression'], `${where}.transformer.expression`, type);
    checkExpression(transformer['handler'], `${where}.transformer.handler`, type);
  }
  for (const key of ['agent_state_update', 'guild_state_update']) {
    const update = object(step[key]);
    if (update === undefined) continue;
    checkExpression(update['state_update'], `${where}.${key}`, update['expression_type']);
  }
}

/**
 * Checks a guild's routes and agents' predicates before launch: every step names an agent or
 * agent type, and every JSONata expression compiles. Throws `SPEC_INVALID` naming the field.
 */
export function checkRoutes(spec: GuildSpec): void {
  spec.routes.steps.forEach((step, index) => {
    checkStep(step, `routes.steps[${index}]`);
  });
  spec.agents.forEach((agent, index) => {
    for (const [method, predicate] of Object.entries(agent.predicates ?? {})) {
      checkPredicate(predicate, `agents[${index}].predicates.${method}`);
    }
  });
}
