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

function hop(message: Message | undefined): JsonObject {
  return {
    from: message?.sender.id ?? null,
    topics: message?.topics ?? [],
    format: message?.format ?? null,
    status: message?.processStatus ?? null,
  };
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
    await run.guild.idle();
    expect(run.hops.map(hop)).toEqual([
      { from: 'probe', topics: ['default_topic'], format: 'generic_json', status: null },
      { from: 'agent1', topics: ['agent_inbox:agent2'], format: 'generic_json', status: null },
      { from: 'agent2', topics: ['topic_2'], format: 'generic_json', status: null },
    ]);
    expect(run.hops.every((m) => m.payload['data'] === 'ping')).toBe(true);
  });

  it('002 basic routing: each message type goes to its own topic', async () => {
    run = await launch('002_basic_message_routing.yaml', ['topic_1', 'topic_2']);
    await run.probe.publishWithGuildRoutes({
      format: '__main__.MessageType1',
      payload: { data: 'one' },
    });
    await run.probe.publishWithGuildRoutes({
      format: '__main__.MessageType2',
      payload: { data: 'two' },
    });
    await run.probe.waitForMessages((m) => m.topics.includes('topic_2'));
    await run.guild.idle();
    const routed = run.hops.filter((m) => m.sender.id === 'RoutingAgent');
    expect(routed.map((m) => [m.topics, m.format, m.payload])).toEqual([
      [['topic_1'], '__main__.MessageType1', { data: 'one' }],
      [['topic_2'], '__main__.MessageType2', { data: 'two' }],
    ]);
    expect(run.hops).toHaveLength(4);
  });

  it('003 content-based router: the routing_key in the payload picks the topic', async () => {
    run = await launch('003_content_based_router.yaml', ['topic_a', 'topic_b']);
    for (const key of ['topic_a', 'topic_b']) {
      await run.probe.publishWithGuildRoutes({
        format: '__main__.CBRMessage',
        payload: { routing_key: key, body: key },
      });
    }
    await run.probe.waitForMessages((m) => m.topics.includes('topic_b'));
    await run.guild.idle();
    const routed = run.hops.filter((m) => m.sender.id === 'RoutingAgent');
    expect(routed.map((m) => [m.topics, m.format, m.payload['body']])).toEqual([
      [['topic_a'], '__main__.CBRMessage', 'topic_a'],
      [['topic_b'], '__main__.CBRMessage', 'topic_b'],
    ]);
  });

  it('005 payload translator: a customer request becomes an internal ticket', async () => {
    run = await launch('005_message_translator_payload.yaml', ['internal_tickets']);
    await run.probe.publishWithGuildRoutes({
      format: '__main__.CustomerRequest',
      payload: {
        customer_name: 'Ada',
        email: 'ada@example.com',
        subject: 'Login',
        description: 'Cannot log in',
        priority: 'high',
      },
    });
    const messages = await run.probe.waitForMessages((m) => m.topics.includes('internal_tickets'));
    const ticket = messages.find((m) => m.topics.includes('internal_tickets'));
    expect(hop(ticket)).toEqual({
      from: 'TranslatorAgent',
      topics: ['internal_tickets'],
      format: '__main__.InternalTicket',
      status: null,
    });
    expect(ticket?.payload).toMatchObject({
      customer_info: { name: 'Ada', email: 'ada@example.com' },
      title: 'Login',
      details: 'Cannot log in',
      severity: 1,
      status: 'open',
    });
    expect(ticket?.payload['ticket_id']).toMatch(/^TKT-\d+-\d*$/);
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
    await run.probe.publishWithGuildRoutes({ format: '__main__.OrderRequest', payload: order(10) });
    await run.probe.publishWithGuildRoutes({
      format: '__main__.OrderRequest',
      payload: order(900),
    });
    await run.probe.waitForMessages((m) => m.topics.includes('inventory_high_priority'));
    await run.guild.idle();
    const routed = run.hops.filter((m) => m.sender.id === 'TranslatorAgent');
    expect(routed.map((m) => [m.topics, m.format, m.payload['total_value']])).toEqual([
      [['inventory_normal'], '__main__.InventoryCheck', 20],
      [['inventory_high_priority'], '__main__.InventoryCheck', 1800],
    ]);
    expect(routed[1]?.payload).toMatchObject({
      order_reference: 'o-900',
      customer_reference: 'c1',
      items_to_check: { sku: 'p1', requested_quantity: 2 },
      priority_level: 'high',
    });
  });
});

describe('upstream EIP splitter notebook guild', () => {
  it('007 splitter: one message per item, each routed to item_processing_results', async () => {
    const run = await launch('007_splitter.yaml', ['item_processing_results']);
    try {
      await run.probe.publishWithGuildRoutes({
        topics: 'purchase_orders',
        format: 'PurchaseOrderRequest',
        payload: { order_id: 'po-1', items: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }] },
      });
      await run.probe.waitForMessages(3);
      await run.guild.idle();
      const parts = run.hops.filter((m) => m.sender.id === 'SplitterAgent');
      expect(parts.map((m) => [m.topics, m.format, m.payload])).toEqual([
        [['item_processing_results'], 'test_splitter_agent.ItemProcessingResult', { sku: 'a' }],
        [['item_processing_results'], 'test_splitter_agent.ItemProcessingResult', { sku: 'b' }],
        [['item_processing_results'], 'test_splitter_agent.ItemProcessingResult', { sku: 'c' }],
      ]);
      expect(parts.every((m) => m.routingSlip?.steps.length === 1)).toBe(true);
    } finally {
      await run.guild.shutdown();
    }
  });
});

describe('upstream EIP message filter notebook guild', () => {
  it('004 message filter: only a message whose predicate holds goes on to accepted', async () => {
    const run = await launch('004_message_filter.yaml', ['accepted', 'dead_letter_queue']);
    try {
      for (const filter of [true, false]) {
        await run.probe.publishWithGuildRoutes({
          format: '__main__.FilteringMessage',
          payload: { filter, content: `filter ${String(filter)}` },
        });
      }
      await run.probe.waitForMessages((m) => m.topics.includes('accepted'));
      await run.guild.idle();
      expect(run.hops.map(hop)).toEqual([
        {
          from: 'probe',
          topics: ['default_topic'],
          format: '__main__.FilteringMessage',
          status: null,
        },
        {
          from: 'probe',
          topics: ['default_topic'],
          format: '__main__.FilteringMessage',
          status: null,
        },
        {
          from: 'FilteringAgent',
          topics: ['accepted'],
          format: '__main__.FilteringMessage',
          status: null,
        },
      ]);
      expect(run.hops[2]?.payload).toEqual({ filter: true, content: 'filter true' });
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
      await run.probe.publishWithGuildRoutes({
        topics: 'analysis_requests',
        format: `${MODELS}.AnalysisRequest`,
        payload: {
          request_id: 'req-1',
          dataset: [100.0, 120.0, 95.0, 110.0, 130.0, 85.0, 140.0, 105.0],
          query: 'Comprehensive data analysis',
        },
      });
      await run.probe.waitForMessages((m) => m.format === `${MODELS}.ComprehensiveAnalysisReport`);
      await run.guild.idle();
      const where = (m: Message): [string | null, string[], string] => [
        m.sender.id ?? null,
        m.topics,
        m.format,
      ];
      // The three branches run concurrently: every hop, in causal order within each branch.
      const hops = run.hops.map(where);
      expect(hops.slice(0, 1)).toEqual([
        ['probe', ['analysis_requests'], `${MODELS}.AnalysisRequest`],
      ]);
      expect(hops.slice(-2)).toEqual([
        ['ResultAggregator', ['aggregated_results'], AGGREGATED],
        ['ReportAgent', ['aggregated_results'], `${MODELS}.ComprehensiveAnalysisReport`],
      ]);
      for (const [request, result] of [
        ['StatisticsRequest', 'StatisticsResult'],
        ['TrendRequest', 'TrendResult'],
        ['AnomalyRequest', 'AnomalyResult'],
      ] as const) {
        const at = (format: string) => hops.findIndex((h) => h[2] === `${MODELS}.${format}`);
        expect(at(request)).toBeLessThan(at(result));
      }
      expect([...hops].sort()).toEqual(
        [
          ['probe', ['analysis_requests'], `${MODELS}.AnalysisRequest`],
          ['ScatterAgent', ['statistics_analysis'], `${MODELS}.StatisticsRequest`],
          ['ScatterAgent', ['trend_analysis'], `${MODELS}.TrendRequest`],
          ['ScatterAgent', ['anomaly_analysis'], `${MODELS}.AnomalyRequest`],
          ['StatisticsAgent', ['analysis_results'], `${MODELS}.StatisticsResult`],
          ['TrendAgent', ['analysis_results'], `${MODELS}.TrendResult`],
          ['AnomalyAgent', ['analysis_results'], `${MODELS}.AnomalyResult`],
          ['ResultAggregator', ['aggregated_results'], AGGREGATED],
          ['ReportAgent', ['aggregated_results'], `${MODELS}.ComprehensiveAnalysisReport`],
        ].sort(),
      );
      const requests = run.hops.filter((m) => m.sender.id === 'ScatterAgent');
      expect(
        requests.map((m) => [m.payload['correlation_id'], m.payload['analysis_type']]),
      ).toEqual([
        ['req-1', 'statistics'],
        ['req-1', 'trends'],
        ['req-1', 'anomalies'],
      ]);
      const aggregate = run.hops.find((m) => m.format === AGGREGATED);
      expect(aggregate?.payload['correlation_id']).toBe('req-1');
      const collected = (aggregate?.payload['messages'] as JsonObject[]).map((m) => m['type']);
      expect(collected.sort()).toEqual([
        `${MODELS}.AnomalyResult`,
        `${MODELS}.StatisticsResult`,
        `${MODELS}.TrendResult`,
      ]);
      const report = run.hops.at(-1)?.payload;
      expect(report).toMatchObject({
        correlation_id: 'req-1',
        statistics: { mean: 110.625, median: 107.5, min_value: 85, max_value: 140 },
        trends: { trend_direction: 'increasing' },
        anomalies: { outliers: [], outlier_count: 0 },
      });
      expect(report?.['summary']).toMatch(
        /^Analysis complete: Mean=110\.6\d, Trend=increasing \(slope=[\d.]+\), Anomalies=0$/,
      );
    } finally {
      await run.guild.shutdown();
    }
  });
});
