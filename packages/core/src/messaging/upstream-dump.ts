import { GemstoneId } from './gemstone-id';
import { type JsonObject, type JsonValue } from './json';
import { type AgentTag, type Message, type ProcessEntry } from './message';

/**
 * An id as upstream's `model_dump()` holds it: the GemstoneID integer. JSON numbers are
 * doubles, so ids above 2^53 (every id of priority 1 or lower urgency) lose their lowest
 * bits: two ids made in the same few milliseconds may compare equal. A non-id (e.g. upstream's
 * `origin: 0` of a message sent from outside) is kept as it is.
 */
export function upstreamId(id: string): number | string {
  try {
    return Number(GemstoneId.parse(id).toBigInt());
  } catch {
    return id;
  }
}

function tag(agent: AgentTag): JsonObject {
  return { id: agent.id ?? null, name: agent.name ?? null };
}

function entry(hop: ProcessEntry): JsonObject {
  return {
    agent: tag(hop.agent),
    origin: upstreamId(hop.origin),
    result: upstreamId(hop.result),
    processor: hop.processor,
    from_topic: hop.fromTopic,
    to_topics: hop.toTopics,
    reason: hop.reason,
  };
}

function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/**
 * A message as upstream's `Message.model_dump()` shows it (snake_case, every field, ids as
 * integers, the computed `current_thread_id` / `root_thread_id`): what upstream's runtime
 * predicates read (`agent.py`, `runtime_predicate.evaluate(msg.model_dump(), ...)`).
 * Routing-slip steps are shown as written, without upstream's defaults filled in.
 *
 * @example
 * await evaluateJsonata('$exists(message.routing_slip)', { message: upstreamDump(message) }, 'p');
 */
export function upstreamDump(message: Message): JsonObject {
  const thread = message.thread.map(upstreamId);
  const header = message.forwardHeader;
  return {
    sender: tag(message.sender),
    topics: message.topics,
    recipient_list: message.recipientList.map(tag),
    payload: message.payload,
    format: message.format,
    in_response_to: message.inResponseTo === null ? null : upstreamId(message.inResponseTo),
    thread,
    conversation_id:
      message.conversationId === undefined || message.conversationId === null
        ? null
        : upstreamId(message.conversationId),
    forward_header:
      header === undefined
        ? null
        : {
            origin_message_id: upstreamId(header.originMessageId),
            on_behalf_of: tag(header.onBehalfOf),
          },
    routing_slip: (message.routingSlip ?? null) as JsonValue,
    message_history: message.messageHistory.map(entry),
    ttl: orNull(message.ttl),
    is_error_message: message.isErrorMessage,
    traceparent: orNull(message.traceparent),
    session_state: orNull(message.sessionState),
    topic_published_to: orNull(message.topicPublishedTo),
    enrich_with_history: message.enrichWithHistory ?? 0,
    process_status: orNull(message.processStatus),
    origin_guild_stack: (message.originGuildStack ?? []).map((e) => ({
      guild_id: e.guildId,
      saga_id: e.sagaId ?? null,
    })),
    id: upstreamId(message.id),
    priority: message.priority,
    timestamp: message.timestamp,
    current_thread_id: thread.at(-1) ?? null,
    root_thread_id: thread[0] ?? null,
  };
}
