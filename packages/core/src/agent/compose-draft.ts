import { carriedForward } from '../messaging/carried-fields';
import { type RoutingSlip } from '../messaging/routing-slip';
import { topicList } from '../messaging/topics';
import { type Routable } from '../routing/routable';
import { type MessageDraft } from './agent-outbox';
import { type PendingSend, type ProcessContext } from './process-context';

/**
 * The outgoing message before any routing step applies (upstream's `MessageRoutable` in
 * `_prepare_and_send_message`): the send's destination, else the default one; no forward
 * header (a step's `mark_forwarded` or the send's `forwarding` sets one); the origin's
 * process status, which a step's `process_status` replaces.
 */
export function baseRoutable(ctx: ProcessContext<unknown>, send: PendingSend): Routable {
  const { options } = send;
  const topics = options.topics ?? ctx.defaultTopics();
  const routable: Routable = {
    topics: topicList(topics),
    priority: options.priority ?? ctx.message.priority,
    recipientList: options.recipientList ?? [],
    payload: send.payload,
    format: send.format,
    context: ctx.sharedContext ?? {},
    enrichWithHistory: 0,
  };
  if (options.forwarding === true) {
    routable.forwardHeader = ctx.message.forwardHeader ?? {
      originMessageId: ctx.message.id,
      onBehalfOf: ctx.message.sender,
    };
  }
  if (ctx.message.processStatus !== undefined) routable.processStatus = ctx.message.processStatus;
  return routable;
}

/** What one routed (or default-routed) send publishes. */
export interface ComposeInput {
  routed: Routable;
  send: PendingSend;
  /** The reason of the routing step applied, if it has one. */
  stepReason?: string;
  /** The slip the message carries on; none when the origin had none. */
  slip?: RoutingSlip;
}

/**
 * The message a send publishes once routed (upstream's `Message(...)` at the end of
 * `_prepare_and_send_message`): history entry with the sender's then the step's reason,
 * the fields every reply copies (`carriedForward`), the routed context merged into the
 * session state.
 */
export function composeDraft(ctx: ProcessContext<unknown>, input: ComposeInput): MessageDraft {
  const { routed, send } = input;
  const origin = ctx.message;
  const reasons = [send.options.reason, input.stepReason].filter(
    (r): r is string => typeof r === 'string' && r !== '',
  );
  const draft: MessageDraft = {
    topics: routed.topics,
    format: routed.format,
    payload: routed.payload,
    priority: routed.priority,
    inResponseTo: origin.id,
    thread: origin.thread,
    newThread: send.options.newThread ?? false,
    recipientList: routed.recipientList,
    isErrorMessage: send.isError,
    history: {
      previous: origin.messageHistory,
      entry: {
        agent: ctx.agent.tag,
        origin: origin.id,
        processor: ctx.methodName,
        fromTopic: origin.topicPublishedTo ?? null,
        toTopics: routed.topics,
        reason: reasons.length > 0 ? reasons : null,
      },
    },
    ...carriedForward(origin),
  };
  if (input.slip !== undefined) draft.routingSlip = input.slip;
  const context = ctx.sharedContext;
  if (context !== undefined || Object.keys(routed.context).length > 0) {
    draft.sessionState = { ...context, ...routed.context };
  }
  if (routed.forwardHeader !== undefined) draft.forwardHeader = routed.forwardHeader;
  if (routed.processStatus !== undefined) draft.processStatus = routed.processStatus;
  if (routed.enrichWithHistory > 0) draft.enrichWithHistory = routed.enrichWithHistory;
  return draft;
}
