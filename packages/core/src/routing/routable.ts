import { type JsonObject } from '../messaging/json';
import { type AgentTag } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { type ForwardHeader, type ProcessStatus } from '../messaging/routing-slip';

/** The fields of an outgoing message a routing step may change (upstream's `MessageRoutable`). */
export interface Routable {
  topics: string[];
  priority: Priority;
  recipientList: AgentTag[];
  payload: JsonObject;
  format: string;
  forwardHeader?: ForwardHeader;
  context: JsonObject;
  processStatus?: ProcessStatus;
  /** How many earlier messages the receiver gets as `enriched_history` (0: none). */
  enrichWithHistory: number;
}

/** The keys of `routableView`: what a `content_based_router` result may set. */
export const ROUTABLE_KEYS: readonly string[] = [
  'topics',
  'priority',
  'recipient_list',
  'payload',
  'format',
  'forward_header',
  'context',
  'enrich_with_history',
  'process_status',
];

/** The routable as upstream's JSONata sees it (snake_case, as `model_dump()`). */
export function routableView(routable: Routable): JsonObject {
  const view: JsonObject = {
    topics: routable.topics,
    priority: routable.priority,
    recipient_list: routable.recipientList as JsonObject[],
    payload: routable.payload,
    format: routable.format,
    forward_header:
      routable.forwardHeader === undefined
        ? null
        : {
            origin_message_id: routable.forwardHeader.originMessageId,
            on_behalf_of: routable.forwardHeader.onBehalfOf as JsonObject,
          },
    context: routable.context,
    enrich_with_history: routable.enrichWithHistory,
    process_status: routable.processStatus ?? null,
  };
  return view;
}
