import { publishFields, type PublishFields } from '../messaging/carried-fields';
import { type JsonObject } from '../messaging/json';
import { type AgentTag } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { type RoutingSlip } from '../messaging/routing-slip';
import { DEFAULT_TOPIC, topicList } from '../messaging/topics';
import { type MessageDraft } from './agent-outbox';

/** Where and how a new message (not a reply) goes, as `Agent.publish` and `Guild.publish` take it. */
export interface NewMessageOptions extends PublishFields {
  /** Default: `default_topic`. */
  topics?: string | string[];
  priority?: Priority;
  recipientList?: AgentTag[];
}

/**
 * The draft of a message published outside a processor run: a new thread, its topics (default
 * `default_topic`), the options that are set, and `routes` when the guild's are attached.
 */
export function newMessageDraft(
  options: NewMessageOptions,
  content: { format: string; payload: JsonObject; routes?: RoutingSlip | undefined },
): MessageDraft {
  const topics = options.topics ?? DEFAULT_TOPIC;
  return {
    topics: topicList(topics),
    format: content.format,
    payload: content.payload,
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    ...(options.recipientList === undefined ? {} : { recipientList: options.recipientList }),
    // Shared, never changed in place: routing replaces used steps with copies.
    ...(content.routes === undefined ? {} : { routingSlip: content.routes }),
    ...publishFields(options),
  };
}
