import { GuildError } from '../errors/guild-error';
import { type JsonObject, type JsonValue } from '../messaging/json';
import { type AgentTag, GENERIC_JSON_FORMAT, type Message } from '../messaging/message';
import { isPriority, Priority } from '../messaging/priority';
import { type ProcessStatus } from '../messaging/routing-slip';
import { evaluateCel } from './cel-expression';
import { evaluateJsonata } from './jsonata-expression';
import { ROUTABLE_KEYS, type Routable, routableView } from './routable';

/** What a step's JSONata sees besides the routable: the origin message and the states. */
export interface StepInput {
  origin: Message;
  agentState: JsonObject;
  guildState: JsonObject;
  forwarding: boolean;
  /** Names the step in errors, e.g. `route step 2 (agent "splitter")`. */
  where: string;
}

function object(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function tags(value: JsonValue | undefined): AgentTag[] {
  return Array.isArray(value) ? value.map((t) => object(t) ?? {}) : [];
}

function topics(value: JsonValue | undefined): string[] | undefined {
  if (typeof value === 'string' && value !== '') return [value];
  if (Array.isArray(value) && value.length > 0) return value.filter((t) => typeof t === 'string');
  return undefined;
}

/** The origin message as upstream's JSONata sees it. */
export function originView(origin: Message): JsonObject {
  return {
    id: origin.id,
    sender: origin.sender as JsonObject,
    topics: origin.topics,
    recipient_list: origin.recipientList as JsonObject[],
    payload: origin.payload,
    format: origin.format,
  };
}

function plain(value: unknown): unknown {
  // JSONata results carry sequence markers and may share structure: keep plain JSON only.
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function empty(where: string, what: string): GuildError {
  return new GuildError('SPEC_INVALID', `${where}: ${what} produced no value for this message.`);
}

async function payloadTransform(
  transformer: JsonObject,
  routable: Routable,
  input: StepInput,
): Promise<Routable> {
  const expression = transformer['expression'];
  if (typeof expression === 'string' && expression !== '') {
    const result = object(
      plain(
        transformer['expression_type'] === 'cel'
          ? evaluateCel(expression, routable.payload, input.where)
          : await evaluateJsonata(expression, routable.payload, input.where),
      ),
    );
    if (result === undefined) throw empty(input.where, 'the transformer expression');
    routable.payload = result;
  }
  // Upstream's PayloadTransformer.output_format defaults to generic_json; only an explicit null
  // (or empty) one keeps the message's format.
  const outputFormat =
    'output_format' in transformer ? transformer['output_format'] : GENERIC_JSON_FORMAT;
  if (typeof outputFormat === 'string' && outputFormat !== '') routable.format = outputFormat;
  return routable;
}

const warned = new Set<string>();

/**
 * Upstream validates the result as a `MessageRoutable` and drops other keys without a word;
 * Guildkit drops them too but says so, once per step and key.
 */
function warnIgnoredKeys(result: JsonObject, where: string): void {
  for (const key of Object.keys(result)) {
    if (ROUTABLE_KEYS.includes(key) || warned.has(`${where}\0${key}`)) continue;
    warned.add(`${where}\0${key}`);
    process.emitWarning(
      `Guildkit: ${where}: the content_based_router result key "${key}" is not a routable field ` +
        `(${ROUTABLE_KEYS.join(', ')}); it is ignored, as upstream ignores it.`,
    );
  }
}

function enrichCount(value: JsonValue | undefined, where: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: enrich_with_history must be a non-negative integer, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function fromView(view: JsonObject, where: string): Routable {
  const payload = object(view['payload']);
  const routedTopics = topics(view['topics']);
  if (payload === undefined || routedTopics === undefined || typeof view['format'] !== 'string') {
    throw new GuildError(
      'SPEC_INVALID',
      `${where}: the content_based_router result needs topics, a JSON object payload and a format.`,
    );
  }
  const header = object(view['forward_header']);
  const routed: Routable = {
    topics: routedTopics,
    priority: isPriority(view['priority']) ? view['priority'] : Priority.NORMAL,
    recipientList: tags(view['recipient_list']),
    payload,
    format: view['format'],
    context: object(view['context']) ?? {},
    enrichWithHistory: enrichCount(view['enrich_with_history'], where),
  };
  if (header !== undefined) {
    routed.forwardHeader = {
      originMessageId: JSON.stringify(header['origin_message_id']).replace(/^"|"$/g, ''),
      onBehalfOf: object(header['on_behalf_of']) ?? {},
    };
  }
  if (typeof view['process_status'] === 'string') {
    routed.processStatus = view['process_status'] as ProcessStatus;
  }
  return routed;
}

async function functionalTransform(
  transformer: JsonObject,
  routable: Routable,
  input: StepInput,
): Promise<Routable> {
  const handler = transformer['handler'];
  if (typeof handler !== 'string' || handler === '') {
    throw new GuildError('SPEC_INVALID', `${input.where}: content_based_router needs a handler.`);
  }
  const current = routableView(routable);
  const data = {
    origin: originView(input.origin),
    agent_state: input.agentState,
    guild_state: input.guildState,
    ...current,
  };
  const result = object(
    plain(
      transformer['expression_type'] === 'cel'
        ? evaluateCel(handler, data, input.where)
        : await evaluateJsonata(handler, data, input.where),
    ),
  );
  if (result === undefined) throw empty(input.where, 'the content_based_router handler');
  warnIgnoredKeys(result, input.where);
  return fromView({ ...current, ...result }, input.where);
}

/**
 * Upstream's `RoutingRule.apply`: destination topics/priority/recipients, forward header,
 * `process_status`, then the transformer (the step's `reason` goes to the history, not here). Rejects (a `GuildError` naming the step)
 * when a transformer fails or yields nothing, so the sender can answer with an `ErrorMessage`.
 */
export async function applyRouteStep(
  step: JsonObject,
  routable: Routable,
  input: StepInput,
): Promise<Routable> {
  const destination = object(step['destination']);
  if (destination !== undefined) {
    const routedTopics = topics(destination['topics']);
    if (routedTopics !== undefined) routable.topics = routedTopics;
    if (isPriority(destination['priority'])) routable.priority = destination['priority'];
    const recipients = tags(destination['recipient_list']);
    if (recipients.length > 0) routable.recipientList = recipients;
  }
  if (input.forwarding || step['mark_forwarded'] === true) {
    routable.forwardHeader = input.origin.forwardHeader ?? {
      originMessageId: input.origin.id,
      onBehalfOf: input.origin.sender,
    };
  }
  if (typeof step['process_status'] === 'string') {
    routable.processStatus = step['process_status'] as ProcessStatus;
  }
  const transformer = object(step['transformer']);
  if (transformer === undefined) return routable;
  if (transformer['style'] === 'content_based_router') {
    return functionalTransform(transformer, routable, input);
  }
  return payloadTransform(transformer, routable, input);
}
