import { type OptionalMessageFields } from '../messaging/carried-fields';
import { type JsonObject } from '../messaging/json';
import { type AgentTag, type Message, type ProcessEntry } from '../messaging/message';
import { type Priority } from '../messaging/priority';

/** A message before the runtime stamps its id, sender and timestamp. */
export interface MessageDraft extends OptionalMessageFields {
  topics: string[];
  format: string;
  payload: JsonObject;
  priority?: Priority;
  /** Only for messages published from outside an agent (e.g. `Guild.publish`). */
  sender?: AgentTag;
  inResponseTo?: string | null;
  /** Thread of the message replied to; the new message starts its own thread without it. */
  thread?: string[];
  /** Appends the new message's id to `thread`. */
  newThread?: boolean;
  recipientList?: AgentTag[];
  isErrorMessage?: boolean;
  /** History so far and the hop to record (its `result` is filled with the new id). */
  history?: { previous: ProcessEntry[]; entry: Omit<ProcessEntry, 'result'> };
}

/** How an agent (and its process contexts) put messages on the guild bus. */
export interface AgentOutbox {
  publish(draft: MessageDraft): Promise<Message>;
}
