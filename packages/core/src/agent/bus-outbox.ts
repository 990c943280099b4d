import { type GemstoneGenerator } from '../messaging/gemstone-generator';
import { type AgentTag, type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { type AgentMessenger } from './agent-messenger';
import { type AgentOutbox, type MessageDraft } from './agent-outbox';

export interface BusOutboxInit {
  sender: AgentTag;
  ids: GemstoneGenerator;
  messenger: AgentMessenger;
}

/** Stamps drafts (id, sender, timestamp, thread, history) and publishes them on the guild bus. */
export class BusOutbox implements AgentOutbox {
  constructor(private readonly init: BusOutboxInit) {}

  publish(draft: MessageDraft): Promise<Message> {
    const priority = draft.priority ?? Priority.NORMAL;
    const id = this.init.ids.nextId(priority);
    const thread =
      draft.thread === undefined
        ? [id]
        : draft.newThread === true
          ? [...draft.thread, id]
          : [...draft.thread];
    const message: Message = {
      id,
      topics: draft.topics,
      sender: draft.sender ?? this.init.sender,
      format: draft.format,
      payload: draft.payload,
      inResponseTo: draft.inResponseTo ?? null,
      thread,
      recipientList: draft.recipientList ?? [],
      priority,
      timestamp: this.init.ids.timestamp,
      isErrorMessage: draft.isErrorMessage ?? false,
      messageHistory:
        draft.history === undefined
          ? []
          : [...draft.history.previous, { ...draft.history.entry, result: id }],
    };
    // Routing fields only when set, so an unrouted message stays as small as before.
    if (draft.routingSlip !== undefined) message.routingSlip = draft.routingSlip;
    if (draft.forwardHeader !== undefined) message.forwardHeader = draft.forwardHeader;
    if (draft.sessionState !== undefined) message.sessionState = draft.sessionState;
    if (draft.processStatus !== undefined) message.processStatus = draft.processStatus;
    if (draft.reason !== undefined) message.reason = draft.reason;
    return this.init.messenger.publish(message).then(() => message);
  }
}
