import { type JsonObject } from '../messaging/json';
import { GENERIC_JSON_FORMAT, type AgentTag, type Message } from '../messaging/message';
import { formatOf } from '../messaging/payload';
import { type Priority } from '../messaging/priority';
import { type RoutingSlip } from '../messaging/routing-slip';
import { DEFAULT_TOPIC, ERROR_TOPIC } from '../messaging/topics';
import { type RoutingOrigin } from '../routing/match-route-step';
import { type Agent } from './agent';
import { type AgentOutbox, type MessageDraft } from './agent-outbox';
import { baseRoutable, composeDraft } from './compose-draft';
import { routeSend } from './route-send';
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
  /** Default: the topics of the message being processed. A matching routing step wins. */
  topics?: string | string[];
  /** Default: the priority of the message being processed. */
  priority?: Priority;
  recipientList?: AgentTag[];
  /** Set a forward header (upstream's `forwarding`): the message is sent on behalf of the origin's sender. */
  forwarding?: boolean;
}

export interface ProcessContextInit<P> {
  agent: Agent;
  message: Message;
  payload: P;
  methodName: string;
  outbox: AgentOutbox;
}

/** One outgoing message as the routing sees it, before routing steps apply. */
export interface PendingSend {
  payload: JsonObject;
  format: string;
  options: SendOptions;
  isError: boolean;
}

/**
 * What a processor gets for one message: the typed payload, the message, the agent, and the
 * ways to answer. When the message carries a routing slip (the guild's `routes`), every send
 * goes where the matching steps say (upstream's `send_dict`), one message per step; otherwise
 * a reply goes to the topics of the message being processed unless `topics` says otherwise,
 * and errors go to `error_topic`. Each send resolves with the first message published for it
 * once the bus accepted it (an `ErrorMessage` when a route transformer failed).
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
  /** The routing step being applied while a send is routed (upstream's `current_routing_step`). */
  currentRoutingStep: JsonObject | undefined;
  /** How many matched steps of the send in progress are still to apply. */
  remainingRoutingSteps = 0;
  /** @internal The steps still to run; copied from the message on first use. */
  slip: RoutingSlip | undefined;
  private context: JsonObject | undefined;
  /** @internal */
  readonly outbox: AgentOutbox;

  constructor(init: ProcessContextInit<P>) {
    this.agent = init.agent;
    this.message = init.message;
    this.payload = init.payload;
    this.methodName = init.methodName;
    this.outbox = init.outbox;
  }

  /** The message that triggered this run, as routing steps' `origin_filter` sees it. */
  get routingOrigin(): RoutingOrigin {
    return {
      originSender: this.message.sender,
      originTopic: this.message.topicPublishedTo ?? null,
      originMessageFormat: this.message.format,
    };
  }

  /** Merges into the per-request context that travels forward (upstream's `session_state`). */
  updateContext(updates: JsonObject): void {
    this.context = { ...this.getContext(), ...structuredClone(updates) };
  }

  /** A copy of the per-request context. */
  getContext(): JsonObject {
    const context = this.context ?? this.message.sessionState;
    return context === undefined ? {} : structuredClone(context);
  }

  /** @internal The per-request context itself, not to be changed. */
  get sharedContext(): JsonObject | undefined {
    return this.context ?? this.message.sessionState;
  }

  /** Adds a routing step for the messages this run sends (upstream's `add_routing_step`). */
  addRoutingStep(step: JsonObject): void {
    const slip = this.routingSlip(false);
    this.slip = { steps: [...(slip?.steps ?? []), structuredClone(step)] };
  }

  /**
   * @internal The slip this run's sends consume, or undefined when the message has none.
   * Slips and their steps are never changed in place (they are shared between messages).
   */
  routingSlip(create = true): RoutingSlip | undefined {
    this.slip ??= this.message.routingSlip ?? (create ? { steps: [] } : undefined);
    return this.slip;
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
    const json = toJsonPayload(payload);
    const format = options.format ?? formatOf(payload) ?? GENERIC_JSON_FORMAT;
    if (this.routingSlip(false) === undefined) {
      const message = await this.outbox.publish(
        this.draft({ payload: json, format, options, isError }),
      );
      this.sentMessages.push(message);
      return message;
    }
    const sent = await routeSend(this, { payload: json, format, options, isError });
    this.sentMessages.push(...sent);
    const [first] = sent;
    if (first === undefined) throw new Error('routing produced no message'); // routeSend always sends one
    return first;
  }

  /** @internal Where a send goes unless a routing step or `topics` says otherwise. */
  defaultTopics(): string[] {
    return this.agent.routeToDefaultTopic ? [DEFAULT_TOPIC] : this.message.topics;
  }

  /**
   * @internal The message to publish when no routing step applies (upstream's default rule):
   * the send's or the default destination, carrying the origin's process status, and the
   * slip when the origin has one.
   */
  draft(send: PendingSend): MessageDraft {
    const slip = this.routingSlip(false);
    return composeDraft(this, {
      routed: baseRoutable(this, send),
      send,
      ...(slip === undefined ? {} : { slip }),
    });
  }
}
