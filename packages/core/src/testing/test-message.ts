import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';

export interface TestMessageFields {
  /** Goes into the payload as `n` (default 0). */
  n?: number;
  inResponseTo?: string;
}

// Machine id 254: apart from the ids guilds lease from 0 up, so test ids never collide with them.
const ids = new GemstoneGenerator(254);

/**
 * A complete, valid `Message` for bus tests: format `test`, payload `{ n, nested: { list } }`
 * (something a subscriber could change in place), a fresh id each call.
 *
 * @example
 * await bus.publish('guild-1', testMessage(['default_topic'], 'sender', { n: 1 }));
 */
export function testMessage(
  topics: string[],
  senderId: string,
  fields: TestMessageFields = {},
): Message {
  const id = ids.nextId(Priority.NORMAL);
  return {
    id,
    topics,
    sender: { id: senderId, name: senderId },
    format: 'test',
    payload: { n: fields.n ?? 0, nested: { list: [1, 2] } },
    inResponseTo: fields.inResponseTo ?? null,
    thread: [id],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: ids.timestamp,
    isErrorMessage: false,
    messageHistory: [],
  };
}
