import { sameFormat } from '../messaging/format-aliases';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { type AgentTag, tagMatches } from '../messaging/message';
import { type RoutingSlip } from '../messaging/routing-slip';

/** The message that triggered the current processor run (upstream's `RoutingOrigin`). */
export interface RoutingOrigin {
  originSender: AgentTag;
  originTopic: string | null;
  originMessageFormat: string;
}

/** Who is sending what: the fields a routing step is matched on. */
export interface StepQuery {
  agent: AgentTag;
  /** The agent's class names: its spec `class_name` and its JS class name. */
  agentTypes: readonly string[];
  methodName: string;
  origin: RoutingOrigin;
  format: string;
}

function object(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function tagOf(value: JsonValue | undefined): AgentTag | undefined {
  const raw = object(value);
  if (raw === undefined) return undefined;
  const tag: AgentTag = {};
  if (typeof raw['id'] === 'string' && raw['id'] !== '') tag.id = raw['id'];
  if (typeof raw['name'] === 'string' && raw['name'] !== '') tag.name = raw['name'];
  return tag.id === undefined && tag.name === undefined ? undefined : tag;
}

const globs = new Map<string, RegExp>();

/** fnmatch: `*`, `?` and `[...]`, as upstream matches a glob `agent_type`. */
function globMatches(pattern: string, value: string): boolean {
  let regex = globs.get(pattern);
  if (regex === undefined) {
    const source = pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`);
    globs.set(pattern, regex);
  }
  return regex.test(value);
}

function typeMatches(wanted: string, types: readonly string[]): boolean {
  if (/[*?[]/.test(wanted)) return types.some((t) => globMatches(wanted, t));
  return types.includes(wanted);
}

function originMatches(filter: JsonObject, origin: RoutingOrigin): boolean {
  const sender = tagOf(filter['origin_sender']);
  if (sender !== undefined && !tagMatches(sender, origin.originSender)) return false;
  const topic = text(filter['origin_topic']);
  if (topic !== undefined && topic !== origin.originTopic) return false;
  const format = text(filter['origin_message_format']);
  return format === undefined || sameFormat(format, origin.originMessageFormat);
}

/** True when the step applies to this send; unset fields match anything (upstream). */
export function stepApplies(step: JsonObject, query: StepQuery): boolean {
  const agent = tagOf(step['agent']);
  if (agent !== undefined && !tagMatches(agent, query.agent)) return false;
  const agentType = text(step['agent_type']);
  if (agentType !== undefined && !typeMatches(agentType, query.agentTypes)) return false;
  const method = text(step['method_name']);
  if (method !== undefined && method !== query.methodName) return false;
  const filter = object(step['origin_filter']);
  if (filter !== undefined && !originMatches(filter, query.origin)) return false;
  const format = text(step['message_format']);
  return format === undefined || sameFormat(format, query.format);
}

function routeTimes(step: JsonObject): number {
  const times = step['route_times'];
  return typeof times === 'number' ? times : 1;
}

/**
 * Upstream's `RoutingSlip.get_next_steps`: every applicable step, with one use counted against
 * its `route_times` (default 1; a negative value never runs out). Returns the steps and the
 * slip that remains (used-up steps removed). Never mutates `slip` or its steps: slips are
 * shared between messages, so a used step is replaced by a copy.
 */
export function takeNextSteps(
  slip: RoutingSlip,
  query: StepQuery,
): { steps: JsonObject[]; remaining: RoutingSlip } {
  const steps: JsonObject[] = [];
  let remaining: JsonObject[] | undefined;
  slip.steps.forEach((step, index) => {
    if (!stepApplies(step, query)) {
      remaining?.push(step);
      return;
    }
    remaining ??= slip.steps.slice(0, index);
    steps.push(step);
    const times = routeTimes(step);
    const left = times === 0 ? 0 : times - 1;
    if (left !== 0) remaining.push({ ...step, route_times: left });
  });
  return { steps, remaining: remaining === undefined ? slip : { steps: remaining } };
}
