import { type JsonObject } from '../messaging/json';
import { GENERIC_JSON_FORMAT, type AgentTag, type Message } from '../messaging/message';
import { formatOf } from '../messaging/payload';
import { type Priority } from '../messaging/priority';
import { ERROR_TOPIC } from '../messaging/topics';
import { type Agent } from './agent';
import { type AgentOutbox, type MessageDraft } from './agent-outbox';
import { toJsonPayload } from './to-json-payload';

function ignore(): void {
  return undefined;
}

export interface SendOptions {
  /** Default: the payload class's `format`, else `generic_json`. */
  format?: string;
  /** Recorded in the new message's `messageHistory` entry. */
  reason?: string;
  /** Start a sub-thread: the new message's id is appended to the thread. */
  newThread?: boolean;
  /** Default: the topics of the message being processed. */
  topics?: string | string[];
  /** Default: the priority of the message being processed. */
  priority?: Priority;
  recipientList?: AgentTag[];
}

export interface ProcessContextInit<P> {
  agent: Agent;
  message: Message;
  payload: P;
  methodName: string;
  outbox: AgentOutbox;
}

/**
 * What a processor gets for one message: the typed payload, the message, the agent, and the
 * ways to answer. A reply goes to the topics of the message being processed unless `topics`
 * says otherwise; errors go to `error_topic`. Each send resolves once the bus accepted it.
 *
 * @example
 * @processor(CodeRequest)
 * async run(ctx: ProcessContext<CodeRequest>) {
 *   await ctx.send(new CodeResult(ctx.payload.code.length), { reason: 'measured' });
 * }
 */
export class ProcessContext<P = JsonObject> {
  readonly agent: Agent;
  readonly message: Message;
  readonly payload: P;
  readonly methodName: string;
  /** Messages sent through this context, in order. */
  readonly sentMessages: Message[] = [];
  private readonly outbox: AgentOutbox;

  constructor(init: ProcessContextInit<P>) {
    this.agent = init.agent;
    this.message = init.message;
    this.payload = init.payload;
    this.methodName = init.methodName;
    this.outbox = init.outbox;
  }

  /** Sends a payload (a `Payload` instance or a plain object) as a reply. */
  send(payload: object, options: SendOptions = {}): Promise<Message> {
    return this.publish(payload, options, false);
  }

  /** Sends a plain JSON object; `format` defaults to `generic_json`. */
  sendDict(payload: JsonObject, options: SendOptions = {}): Promise<Message> {
    return this.publish(
      payload,
      { ...options, format: options.format ?? GENERIC_JSON_FORMAT },
      false,
    );
  }

  /** Sends an error reply (usually an `ErrorMessage`) on `error_topic`. */
  sendError(
    payload: object,
    options: Pick<SendOptions, 'reason' | 'format'> = {},
  ): Promise<Message> {
    return this.publish(payload, { ...options, topics: [ERROR_TOPIC] }, true);
  }

  private publish(payload: object, options: SendOptions, isError: boolean): Promise<Message> {
    const sent = this.deliver(payload, options, isError);
    sent.catch(ignore);
    return sent;
  }

  private async deliver(payload: object, options: SendOptions, isError: boolean): Promise<Message> {
    const message = await this.outbox.publish(this.draft(payload, options, isError));
    this.sentMessages.push(message);
    return message;
  }

  private draft(payload: object, options: SendOptions, isError: boolean): MessageDraft {
    const origin = this.message;
    const topics = options.topics ?? origin.topics;
    const toTopics = typeof topics === 'string' ? [topics] : [...topics];
    return {
      topics: toTopics,
      format: options.format ?? formatOf(payload) ?? GENERIC_JSON_FORMAT,
      payload: toJsonPayload(payload),
      priority: options.priority ?? origin.priority,
      inResponseTo: origin.id,
      thread: origin.thread,
      newThread: options.newThread ?? false,
      recipientList: options.recipientList ?? [],
      isErrorMessage: isError,
      history: {
        previous: origin.messageHistory,
        entry: {
          agent: this.agent.tag,
          origin: origin.id,
          processor: this.methodName,
          fromTopic: origin.topicPublishedTo ?? null,
          toTopics,
          reason: options.reason ?? null,
        },
      },
    };
  }
}
