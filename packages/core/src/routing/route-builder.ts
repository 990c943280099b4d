import { GuildError } from '../errors/guild-error';
import { type JsonObject } from '../messaging/json';
import { type AgentTag } from '../messaging/message';
import { type Priority } from '../messaging/priority';
import { type ProcessStatus } from '../messaging/routing-slip';
import { topicList } from '../messaging/topics';
import { type AgentSpec } from '../spec/guild-spec';
import { type StateUpdateFormat } from '../state/state-manager';

/** The sending side of a route: an agent class (matched by type), a tag or a spec (by id/name). */
export type RouteSource = (abstract new () => unknown) | AgentTag | AgentSpec;

function tagJson(tag: AgentTag): JsonObject {
  const json: JsonObject = {};
  if (tag.id !== undefined) json['id'] = tag.id;
  if (tag.name !== undefined) json['name'] = tag.name;
  return json;
}

/**
 * Fluent builder for one routing step (upstream's `RouteBuilder`), in the snake_case form of
 * `routes.steps[]`. Add it with `GuildBuilder.addRoute`.
 *
 * @example
 * const step = new RouteBuilder({ name: 'Splitter' })
 *   .onMessageFormat('Order')
 *   .setDestinationTopics('parts')
 *   .setPayloadTransformer('Part', '{ "sku": payload.sku }')
 *   .build();
 */
export class RouteBuilder {
  private readonly step: JsonObject = {};

  constructor(from: RouteSource) {
    if (typeof from === 'function') {
      this.step['agent_type'] = from.name;
    } else if ('className' in from) {
      this.step['agent'] = tagJson({ id: from.id, name: from.name });
    } else {
      this.step['agent'] = tagJson(from);
    }
  }

  fromMethod(methodName: string): this {
    this.step['method_name'] = methodName;
    return this;
  }

  onMessageFormat(format: string): this {
    this.step['message_format'] = format;
    return this;
  }

  filterOnOrigin(filter: {
    originSender?: AgentTag;
    originTopic?: string;
    originMessageFormat?: string;
  }): this {
    const json: JsonObject = {};
    if (filter.originSender !== undefined) json['origin_sender'] = tagJson(filter.originSender);
    if (filter.originTopic !== undefined) json['origin_topic'] = filter.originTopic;
    if (filter.originMessageFormat !== undefined) {
      json['origin_message_format'] = filter.originMessageFormat;
    }
    this.step['origin_filter'] = json;
    return this;
  }

  setDestinationTopics(topics: string | string[]): this {
    this.destination()['topics'] = topicList(topics);
    return this;
  }

  addRecipients(recipients: AgentTag[]): this {
    const destination = this.destination();
    const current = (destination['recipient_list'] as JsonObject[] | undefined) ?? [];
    destination['recipient_list'] = [...current, ...recipients.map(tagJson)];
    return this;
  }

  setPriority(priority: Priority): this {
    this.destination()['priority'] = priority;
    return this;
  }

  markForwarded(forwarded = true): this {
    this.step['mark_forwarded'] = forwarded;
    return this;
  }

  /** How many times the step applies (default 1); a negative number: every time. */
  setRouteTimes(times: number): this {
    this.step['route_times'] = times;
    return this;
  }

  /**
   * A `simple` transformer: JSONata (or `'cel'`) over the payload; the result becomes the payload.
   *
   * @example
   * new RouteBuilder({ name: 'Splitter' }).setPayloadTransformer('Item', 'items[0]', 'cel');
   */
  setPayloadTransformer(
    outputFormat: string,
    expression?: string,
    expressionType: 'jsonata' | 'cel' = 'jsonata',
  ): this {
    this.step['transformer'] = {
      style: 'simple',
      output_format: outputFormat,
      expression_type: expressionType,
      ...(expression === undefined ? {} : { expression }),
    };
    return this;
  }

  /**
   * A `content_based_router`: JSONata over `{ origin, agent_state, guild_state, topics,
   * payload, format, recipient_list, ... }`; the fields it returns replace the message's.
   */
  setFunctionalTransformer(handler: string): this {
    this.step['transformer'] = { style: 'content_based_router', handler };
    return this;
  }

  /** JSONata producing an update (a merge patch by default) for the sending agent's state. */
  setAgentStateUpdate(stateUpdate: string, format: StateUpdateFormat = 'json-merge-patch'): this {
    this.step['agent_state_update'] = { update_format: format, state_update: stateUpdate };
    return this;
  }

  /** JSONata producing an update (a merge patch by default) for the guild's state. */
  setGuildStateUpdate(stateUpdate: string, format: StateUpdateFormat = 'json-merge-patch'): this {
    this.step['guild_state_update'] = { update_format: format, state_update: stateUpdate };
    return this;
  }

  setProcessStatus(status: ProcessStatus): this {
    this.step['process_status'] = status;
    return this;
  }

  setReason(reason: string): this {
    this.step['reason'] = reason;
    return this;
  }

  build(): JsonObject {
    if (this.step['agent'] === undefined && this.step['agent_type'] === undefined) {
      throw new GuildError('SPEC_INVALID', 'A route needs an agent or an agent type.');
    }
    return structuredClone(this.step);
  }

  private destination(): JsonObject {
    const existing = this.step['destination'];
    if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
      return existing;
    }
    const created: JsonObject = {};
    this.step['destination'] = created;
    return created;
  }
}
