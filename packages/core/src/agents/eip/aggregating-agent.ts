import { Agent } from '../../agent/agent';
import { type ProcessContext } from '../../agent/process-context';
import { processor } from '../../agent/processor';
import { type JsonObject, type JsonValue } from '../../messaging/json';
import { JsonDict } from '../../messaging/payload';
import { agentRegistry } from '../../registry/agent-registry';
import { readJsonPath, writeJsonPath } from '../../state/json-path';
import {
  type Aggregator,
  aggregatorOf,
  type Collector,
  collectorOf,
  keyText,
  type PayloadWithFormat,
} from './aggregation-strategy';

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Upstream's `AggregatingAgent` (EIP aggregator): collects the messages it receives by
 * correlation id in its agent state (`aggregations[<id>]`) and, once its aggregator says a
 * correlation is complete, sends one `AggregatedMessages` `{ correlation_id, messages: [{ type,
 * data }] }` (format `rustic_ai.core.agents.eip.aggregating_agent.AggregatedMessages`) and
 * drops that correlation from its state. Properties as upstream: `correlation_location`
 * (`payload`, the default, or `session`), `correlation_id_path` (default: the message's thread
 * id), `collector` and `aggregator` (see `collectorOf` / `aggregatorOf`).
 *
 * Unlike upstream, it writes its state directly (versioned) rather than through
 * `StateUpdateRequest` messages, so the aggregate is sent while the last message is processed
 * and routed with that message's routing slip.
 *
 * @example
 * // class_name: rustic_ai.core.agents.eip.aggregating_agent.AggregatingAgent
 * // properties: { correlation_id_path: order_id, aggregator: { aggregation_check: count, count: 2 } }
 */
export class AggregatingAgent extends Agent {
  static readonly outputFormat = 'rustic_ai.core.agents.eip.aggregating_agent.AggregatedMessages';
  override routeToDefaultTopic = true;
  private readonly collector: Collector;
  private readonly aggregator: Aggregator;
  private readonly location: JsonValue;
  private path: string | undefined;
  /** Correlations already sent, so a later state change cannot send one twice (as upstream). */
  private readonly processed = new Set<string>();

  constructor() {
    super();
    const where = `agent "${this.id}" properties`;
    const props = this.properties;
    this.location =
      props['correlation_location'] === undefined
        ? 'payload'
        : (props['correlation_location'] ?? null);
    const path = props['correlation_id_path'];
    this.path = typeof path === 'string' && path !== '' ? path : undefined;
    this.collector = collectorOf(isObject(props['collector']) ? props['collector'] : {}, where);
    this.aggregator = aggregatorOf(isObject(props['aggregator']) ? props['aggregator'] : {}, where);
  }

  @processor(JsonDict)
  async collect_message(ctx: ProcessContext): Promise<void> {
    const correlationId = this.correlationId(ctx);
    const entry: PayloadWithFormat = { type: ctx.message.format, data: ctx.message.payload };
    const { state, version } = await this.getAgentStateSnapshot();
    const aggregations = state['aggregations'];
    const ops: JsonObject[] = isObject(aggregations)
      ? []
      : [{ op: 'add', path: '/aggregations', value: {} }];
    const collected = isObject(aggregations) ? aggregations[correlationId] : undefined;
    ops.push({
      op: 'add',
      path: `/aggregations/${pointer(correlationId)}`,
      value: this.collector.add(collected, entry),
    });
    const updated = await this.updateAgentState(ops, { format: 'json-patch', version });
    await this.sendCompleted(updated.state, ctx);
  }

  private correlationId(ctx: ProcessContext): string {
    const fallback = ctx.message.thread.at(-1) ?? ctx.message.id;
    if (this.path === undefined) return fallback;
    const source = this.location === 'payload' ? ctx.message.payload : ctx.getContext();
    try {
      const value = readJsonPath(source, this.path);
      return keyText(value);
    } catch {
      return fallback;
    }
  }

  /** Upstream's `on_state_updated`: sends each correlation the aggregator finds complete. */
  private async sendCompleted(state: JsonObject, ctx: ProcessContext): Promise<void> {
    const aggregations = isObject(state['aggregations']) ? state['aggregations'] : {};
    for (const [correlationId, collected] of Object.entries(aggregations)) {
      if (this.processed.has(correlationId)) continue;
      const messages = this.collector.messages(collected);
      if (messages.length === 0 || !(await this.aggregator.evaluate(correlationId, messages))) {
        continue;
      }
      this.processed.add(correlationId);
      if (this.location === 'session') {
        this.path ??= 'correlation_id';
        ctx.updateContext(writeJsonPath({}, this.path, correlationId));
      }
      await ctx.sendDict(
        { correlation_id: correlationId, messages },
        { format: AggregatingAgent.outputFormat },
      );
      await this.updateAgentState(
        [{ op: 'remove', path: `/aggregations/${pointer(correlationId)}` }],
        { format: 'json-patch' },
      );
    }
  }
}

agentRegistry.register('AggregatingAgent', AggregatingAgent, {
  aliases: ['rustic_ai.core.agents.eip.aggregating_agent.AggregatingAgent'],
});
