import { type JsonObject } from './json';
import { type AgentTag } from './message-tag';
import { type Priority } from './priority';
import { type ForwardHeader, type ProcessStatus, type RoutingSlip } from './routing-slip';

export type { AgentTag } from './message-tag';

/** One hop of a message's history: which agent turned which message into which. */
export interface ProcessEntry {
  agent: AgentTag;
  /** Id of the message that was processed. */
  origin: string;
  /** Id of the message that was sent. */
  result: string;
  processor: string;
  fromTopic: string | null;
  toTopics: string[];
  /** Upstream's `List[str]`: the sender's reason, then the routing step's; null when neither. */
  reason: string[] | null;
}

/** One guild a message crossed on its way (upstream's `GuildStackEntry`). */
export interface GuildStackEntry {
  guildId: string;
  /** Where the forwarding guild preserved the session state, if it did. */
  sagaId?: string | null;
}

/**
 * A message on a guild bus. Plain JSON data: it survives `JSON.stringify`/`JSON.parse`
 * unchanged, so a networked bus can carry it. `id` is a GemstoneId string; sorting ids sorts
 * by priority, then time.
 *
 * @example
 * const reply = await probe.waitForMessages(1);
 * reply[0].payload; // JsonObject
 * GemstoneId.parse(reply[0].id).priority;
 */
export interface Message {
  id: string;
  topics: string[];
  sender: AgentTag;
  format: string;
  payload: JsonObject;
  inResponseTo: string | null;
  /** Thread ids, root first; a message starts its own thread. */
  thread: string[];
  recipientList: AgentTag[];
  priority: Priority;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  isErrorMessage: boolean;
  messageHistory: ProcessEntry[];
  /** The topic this copy was delivered on (set per delivered copy). */
  topicPublishedTo?: string;
  /** The routing steps still to run (set when the message entered with the guild's routes). */
  routingSlip?: RoutingSlip;
  forwardHeader?: ForwardHeader;
  /** Per-request context that travels forward (upstream's `session_state`). */
  sessionState?: JsonObject;
  processStatus?: ProcessStatus;
  /** Upstream's `ttl`: copied to every reply; Guildkit does not expire messages by it. */
  ttl?: number | null;
  /** W3C trace context (upstream's `traceparent`), copied to every reply. */
  traceparent?: string | null;
  /** Upstream's `conversation_id`: carried as sent, not copied to replies (as upstream). */
  conversationId?: string | null;
  /**
   * How many earlier messages of the history a receiver gets in
   * `sessionState.enriched_history` (upstream's `enrich_with_history`, set by a route's
   * `content_based_router`). Not copied to replies.
   */
  enrichWithHistory?: number;
  /** The guilds this message crossed (upstream's `origin_guild_stack`), copied to every reply. */
  originGuildStack?: GuildStackEntry[];
}

/** Upstream's default format for untyped JSON payloads. */
export const GENERIC_JSON_FORMAT = 'generic_json';

/** True when `tag` names the same agent as `candidate` on the fields `tag` sets (upstream's partial match). */
export function tagMatches(tag: AgentTag, candidate: AgentTag): boolean {
  if (tag.id === undefined && tag.name === undefined) return false;
  return (
    (tag.id === undefined || tag.id === candidate.id) &&
    (tag.name === undefined || tag.name === candidate.name)
  );
}
