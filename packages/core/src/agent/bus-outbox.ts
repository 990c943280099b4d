import { OPTIONAL_MESSAGE_FIELDS } from '../messaging/carried-fields';
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
    const optional = message as unknown as Record<string, unknown>;
    for (const field of OPTIONAL_MESSAGE_FIELDS) {
      if (draft[field] !== undefined) optional[field] = draft[field];
    }
    return this.init.messenger.publish(message).then(() => message);
  }
}
