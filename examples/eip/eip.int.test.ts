import { join } from 'node:path';
import { type Guild, type JsonObject, type Message, ProbeAgent } from '@guildkit/core';
import { GuildBuilder } from '@guildkit/guild-dsl';
// Registers the 006 helper agents under upstream's dotted names.
import './helpers/scatter-gather-agents';

// Upstream's EIP notebook guilds (examples/notebooks/eip/*.yaml), run unchanged: each test
// publishes what the notebook publishes and checks every hop the message takes.

interface Run {
  guild: Guild;
  probe: ProbeAgent;
  hops: Message[];
}

async function launch(file: string, topics: string[]): Promise<Run> {
  const guild = await GuildBuilder.fromYamlFile(join(__dirname, file)).launch('eip-org');
  const hops: Message[] = [];
  await guild.onMessage((message) => {
    hops.push(message);
  });
  const probe = await ProbeAgent.join(guild, { topics });
  return { guild, probe, hops };
}

/** One hop as the Done-when names it: who sent what where, with its process status. */
interface Hop {
  from: string | null;
  topics: string[];
  format: string;
  payload: JsonObject;
  status: string | null;
}

function hop(message: Message): Hop {
  return {
    from: message.sender.id ?? null,
    topics: message.topics,
    format: message.format,
    payload: message.payload,
    status: message.processStatus ?? null,
  };
}

/** Every hop of the run, once the guild is idle. */
async function hopsOf(run: Run): Promise<Hop[]> {
  await run.guild.idle();
  return run.hops.map(hop);
}

/** Shorthand for an expected hop; no notebook guild sets a process status. */
function to(from: string, topics: string, format: string, payload: JsonObject): Hop {
  return { from, topics: [topics], format, payload, status: null };
}

describe('upstream EIP notebook guilds', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.guild.shutdown();
    run = undefined;
  });

  it('001 point to point: Agent1 → agent_inbox:agent2 → Agent2 → topic_2', async () => {
    run = await launch('001_point_to_point.yaml', ['topic_2']);
    await run.probe.publishWithGuildRoutes({ format: 'generic_json', payload: { data: 'ping' } });
    await run.probe.waitForMessages((m) => m.topics.includes('topic_2'));
    const ping = { data: 'ping' };
    expect(await hopsOf(run)).toEqual([
      to('probe', 'default_topic', 'generic_json', ping),
      to('agent1', 'agent_inbox:agent2', 'generic_json', ping),
      to('agent2', 'topic_2', 'generic_json', ping),
    ]);
  });

  it('002 basic routing: each message type goes to its own topic', async () => {
    run = await launch('002_basic_message_routing.yaml', ['topic_1', 'topic_2']);
    for (const [n, data] of [
      [1, 'one'],
      [2, 'two'],
    ] as const) {
      const format = `__main__.MessageType${n}`;
      await run.probe.publishWithGuildRoutes({ format, payload: { data } });
      await run.probe.waitForMessages((m) => m.topics.includes(`topic_${n}`));
    }
    expect(await hopsOf(run)).toEqual([
      to('probe', 'default_topic', '__main__.MessageType1', { data: 'one' }),
      to('RoutingAgent', 'topic_1', '__main__.MessageType1', { data: 'one' }),
      to('probe', 'default_topic', '__main__.MessageType2', { data: 'two' }),
      to('RoutingAgent', 'topic_2', '__main__.MessageType2', { data: 'two' }),
    ]);
  });

  it('003 content-based router: the routing_key in the payload picks the topic', async () => {
    run = await launch('003_content_based_router.yaml', ['topic_a', 'topic_b']);
    for (const key of ['topic_a', 'topic_b']) {
      const payload = { routing_key: key, body: `for ${key}` };
      await run.probe.publishWithGuildRoutes({ format: '__main__.CBRMessage', payload });
      await run.probe.waitForMessages((m) => m.topics.includes(key));
    }
    const message = (key: string) => ({ routing_key: key, body: `for ${key}` });
    expect(await hopsOf(run)).toEqual([
      to('probe', 'default_topic', '__main__.CBRMessage', message('topic_a')),
      to('RoutingAgent', 'topic_a', '__main__.CBRMessage', message('topic_a')),
      to('probe', 'default_topic', '__main__.CBRMessage', message('topic_b')),
      to('RoutingAgent', 'topic_b', '__main__.CBRMessage', message('topic_b')),
    ]);
  });

  it('005 payload translator: a customer request becomes an internal ticket', async () => {
    run = await launch('005_message_translator_payload.yaml', ['internal_tickets']);
    const request = {
      customer_name: 'Ada',
      email: 'ada@example.com',
      subject: 'Login',
      description: 'Cannot log in',
      priority: 'high',
    };
    await run.probe.publishWithGuildRoutes({
      format: '__main__.CustomerRequest',
      payload: request,
    });
    await run.probe.waitForMessages((m) => m.topics.includes('internal_tickets'));
    expect(await hopsOf(run)).toEqual([
      to('probe', 'default_topic', '__main__.CustomerRequest', request),
      to('TranslatorAgent', 'internal_tickets', '__main__.InternalTicket', {
        ticket_id: expect.stringMatching(/^TKT-\d+-\d*$/) as string,
        customer_info: { name: 'Ada', email: 'ada@example.com' },
        title: 'Login',
        details: 'Cannot log in',
        severity: 1,
        status: 'open',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) as string,
      }),
    ]);
  });

  it('005 functional translator: the order total picks the inventory topic', async () => {
    run = await launch('005_message_translator_functional.yaml', [
      'inventory_high_priority',
      'inventory_normal',
    ]);
    const order = (unitPrice: number): JsonObject => ({
      order_id: `o-${unitPrice}`,
      customer_id: 'c1',
      items: [{ product_id: 'p1', quantity: 2, unit_price: unitPrice }],
    });
    const check = (unitPrice: number, priority: string): JsonObject => ({
      check_id: expect.stringMatching(/^INV-\d+-\d*$/) as string,
      order_reference: `o-${unitPrice}`,
      customer_reference: 'c1',
      items_to_check: { sku: 'p1', requested_quantity: 2 },
      total_value: 2 * unitPrice,
      priority_level: priority,
    });
    for (const [unitPrice, topic] of [
      [10, 'inventory_normal'],
      [900, 'inventory_high_priority'],
    ] as const) {
      await run.probe.publishWithGuildRoutes({
        format: '__main__.OrderRequest',
        payload: order(unitPrice),
      });
      await run.probe.waitForMessages((m) => m.topics.includes(topic));
    }
    expect(await hopsOf(run)).toEqual([
      to('probe', 'default_topic', '__main__.OrderRequest', order(10)),
      to('TranslatorAgent', 'inventory_normal', '__main__.InventoryCheck', check(10, 'normal')),
      to('probe', 'default_topic', '__main__.OrderRequest', order(900)),
      to(
        'TranslatorAgent',
        'inventory_high_priority',
        '__main__.InventoryCheck',
        check(900, 'high'),
      ),
    ]);
  });
});

describe('upstream EIP splitter notebook guild', () => {
  it('007 splitter: one message per item, each routed to item_processing_results', async () => {
    const run = await launch('007_splitter.yaml', ['item_processing_results']);
    try {
      // What the notebook (007_splitter_yaml.ipynb) publishes.
      const order = {
        order_id: 'PO-12345',
        customer: 'ACME Corp',
        items: [
          { id: 'item-001', quantity: 2 },
          { id: 'item-002', quantity: 1 },
        ],
      };
      await run.probe.publishWithGuildRoutes({
        topics: 'purchase_orders',
        format: '__main__.PurchaseOrderRequest',
        payload: order,
      });
      await run.probe.waitForMessages(2);
      const result = '__main__.ItemProcessingResult';
      expect(await hopsOf(run)).toEqual([
        to('probe', 'purchase_orders', '__main__.PurchaseOrderRequest', order),
        to('SplitterAgent', 'item_processing_results', result, { id: 'item-001', quantity: 2 }),
        to('SplitterAgent', 'item_processing_results', result, { id: 'item-002', quantity: 1 }),
      ]);
      // route_times: -1 keeps the step on the slip.
      expect(run.hops.every((m) => m.routingSlip?.steps.length === 1)).toBe(true);
    } finally {
      await run.guild.shutdown();
    }
  });
});

describe('upstream EIP message filter notebook guild', () => {
  it('004 message filter: only a message whose predicate holds goes on to accepted', async () => {
    const run = await launch('004_message_filter.yaml', ['accepted', 'dead_letter_queue']);
    try {
      const message = (filter: boolean) => ({ filter, content: `filter ${String(filter)}` });
      for (const filter of [true, false]) {
        await run.probe.publishWithGuildRoutes({
          format: '__main__.FilteringMessage',
          payload: message(filter),
        });
      }
      await run.probe.waitForMessages((m) => m.topics.includes('accepted'));
      const format = '__main__.FilteringMessage';
      expect(await hopsOf(run)).toEqual([
        to('probe', 'default_topic', format, message(true)),
        to('probe', 'default_topic', format, message(false)),
        to('FilteringAgent', 'accepted', format, message(true)),
      ]);
      expect(run.probe.messages.map((m) => m.topics)).toEqual([['accepted']]);
    } finally {
      await run.guild.shutdown();
    }
  });
});

describe('upstream EIP scatter-gather notebook guild', () => {
  const MODELS = 'helpers.scatter_gather_models';
  const AGGREGATED = 'rustic_ai.core.agents.eip.aggregating_agent.AggregatedMessages';

  it('006 scatter-gather: one request fans out to three analyses, is aggregated and reported', async () => {
    const topics = ['analysis_requests', 'statistics_analysis', 'trend_analysis'];
    topics.push('anomaly_analysis', 'analysis_results', 'aggregated_results', 'final_reports');
    const run = await launch('006_scatter_gather.yaml', topics);
    try {
      const dataset = [100.0, 120.0, 95.0, 110.0, 130.0, 85.0, 140.0, 105.0];
      const request = { request_id: 'req-1', dataset, query: 'Comprehensive data analysis' };
      await run.probe.publishWithGuildRoutes({
        topics: 'analysis_requests',
        format: `${MODELS}.AnalysisRequest`,
        payload: request,
      });
      await run.probe.waitForMessages((m) => m.format === `${MODELS}.ComprehensiveAnalysisReport`);
      const asked = (type: string) => ({
        correlation_id: 'req-1',
        data: dataset,
        analysis_type: type,
      });
      const statistics = {
        correlation_id: 'req-1',
        mean: 110.625,
        median: 107.5,
        std_dev: expect.closeTo(18.4076, 4) as number,
        min_value: 85,
        max_value: 140,
        analysis_type: 'statistics',
      };
      const trends = {
        correlation_id: 'req-1',
        trend_direction: 'increasing',
        slope: expect.closeTo(1.488095, 6) as number,
        r_squared: expect.closeTo(0.039212, 6) as number,
        analysis_type: 'trends',
      };
      const anomalies = {
        correlation_id: 'req-1',
        outliers: [],
        outlier_count: 0,
        analysis_type: 'anomalies',
      };
      const hops = await hopsOf(run);
      // The three branches run concurrently: every hop, in any order across branches...
      const byFormat = (list: Hop[]) => [...list].sort((a, b) => a.format.localeCompare(b.format));
      expect(byFormat(hops)).toEqual(
        byFormat([
          to('probe', 'analysis_requests', `${MODELS}.AnalysisRequest`, request),
          to(
            'ScatterAgent',
            'statistics_analysis',
            `${MODELS}.StatisticsRequest`,
            asked('statistics'),
          ),
          to('ScatterAgent', 'trend_analysis', `${MODELS}.TrendRequest`, asked('trends')),
          to('ScatterAgent', 'anomaly_analysis', `${MODELS}.AnomalyRequest`, asked('anomalies')),
          to('StatisticsAgent', 'analysis_results', `${MODELS}.StatisticsResult`, statistics),
          to('TrendAgent', 'analysis_results', `${MODELS}.TrendResult`, trends),
          to('AnomalyAgent', 'analysis_results', `${MODELS}.AnomalyResult`, anomalies),
          to('ResultAggregator', 'aggregated_results', AGGREGATED, {
            correlation_id: 'req-1',
            messages: expect.arrayContaining([
              { type: `${MODELS}.StatisticsResult`, data: statistics },
              { type: `${MODELS}.TrendResult`, data: trends },
              { type: `${MODELS}.AnomalyResult`, data: anomalies },
            ]) as JsonObject[],
          }),
          to('ReportAgent', 'aggregated_results', `${MODELS}.ComprehensiveAnalysisReport`, {
            correlation_id: 'req-1',
            statistics,
            trends,
            anomalies,
            summary: 'Analysis complete: Mean=110.63, Trend=increasing (slope=1.488), Anomalies=0',
          }),
        ]),
      );
      expect(hops.find((h) => h.format === AGGREGATED)?.payload['messages']).toHaveLength(3);
      // ...and in causal order: the request first, each branch's request before its result,
      // the aggregate after every result and the report last.
      const at = (format: string) => hops.findIndex((h) => h.format === `${MODELS}.${format}`);
      expect(at('AnalysisRequest')).toBe(0);
      for (const [asks, answers] of [
        ['StatisticsRequest', 'StatisticsResult'],
        ['TrendRequest', 'TrendResult'],
        ['AnomalyRequest', 'AnomalyResult'],
      ] as const) {
        expect(at(asks)).toBeLessThan(at(answers));
        expect(at(answers)).toBeLessThan(hops.length - 2);
      }
      expect(hops.map((h) => h.format).slice(-2)).toEqual([
        AGGREGATED,
        `${MODELS}.ComprehensiveAnalysisReport`,
      ]);
    } finally {
      await run.guild.shutdown();
    }
  });
});
