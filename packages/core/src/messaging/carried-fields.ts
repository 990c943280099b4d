import { type Message } from './message';

/**
 * The optional message fields a draft may set; the outbox copies each one that is set, so an
 * unrouted message stays as small as before.
 */
export const OPTIONAL_MESSAGE_FIELDS = [
  'routingSlip',
  'forwardHeader',
  'sessionState',
  'processStatus',
  'ttl',
  'traceparent',
  'conversationId',
  'enrichWithHistory',
  'originGuildStack',
] as const satisfies readonly (keyof Message)[];

export type OptionalMessageFields = Pick<Message, (typeof OPTIONAL_MESSAGE_FIELDS)[number]>;

/**
 * What every reply copies from the message it answers, whatever the routing (upstream's
 * `_prepare_and_send_message`: `ttl`, `traceparent`, `origin_guild_stack`). `conversation_id`
 * and `enrich_with_history` are not copied there either; the forward header and process status
 * come from the routing step.
 */
export function carriedForward(
  origin: Message,
): Pick<Message, 'ttl' | 'traceparent' | 'originGuildStack'> {
  const carried: Pick<Message, 'ttl' | 'traceparent' | 'originGuildStack'> = {};
  if (origin.ttl !== undefined && origin.ttl !== null) carried.ttl = origin.ttl;
  if (origin.traceparent !== undefined && origin.traceparent !== null) {
    carried.traceparent = origin.traceparent;
  }
  if (origin.originGuildStack !== undefined && origin.originGuildStack.length > 0) {
    carried.originGuildStack = origin.originGuildStack;
  }
  return carried;
}

/** The fields a message published from outside an agent's processor may start with. */
export const PUBLISH_FIELDS = [
  'ttl',
  'traceparent',
  'conversationId',
  'originGuildStack',
  'sessionState',
  'processStatus',
] as const satisfies readonly (keyof Message)[];

export type PublishFields = Partial<Pick<Message, (typeof PUBLISH_FIELDS)[number]>>;

/** The `PUBLISH_FIELDS` that `options` sets. */
export function publishFields(options: PublishFields): PublishFields {
  const picked: Record<string, unknown> = {};
  for (const field of PUBLISH_FIELDS) {
    if (options[field] !== undefined) picked[field] = options[field];
  }
  return picked;
}
