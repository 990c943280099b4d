import {
  Agent,
  agentRegistry,
  type JsonObject,
  type JsonValue,
  type ProcessContext,
  processor,
} from '@guildkit/core';

// The agents of upstream's examples/notebooks/eip/helpers/scatter_gather_agents.py, registered
// under their upstream dotted names so 006_scatter_gather.yaml loads unchanged. They send the
// formats upstream's pydantic models give them (`helpers.scatter_gather_models.<Model>`).

const MODELS = 'helpers.scatter_gather_models';

function numbers(payload: JsonObject): number[] {
  const data = payload['data'];
  return Array.isArray(data) ? data.filter((v): v is number => typeof v === 'number') : [];
}

const text = (v: JsonValue | undefined): string =>
  typeof v === 'string' ? v : JSON.stringify(v ?? null);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Python's statistics.stdev: the sample standard deviation. */
function stdev(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export class StatisticsAgent extends Agent {
  @processor(`${MODELS}.StatisticsRequest`)
  async analyze_statistics(ctx: ProcessContext): Promise<void> {
    const data = numbers(ctx.payload);
    const result = {
      correlation_id: ctx.payload['correlation_id'] ?? null,
      mean: mean(data),
      median: median(data),
      std_dev: data.length > 1 ? stdev(data) : 0,
      min_value: Math.min(...data),
      max_value: Math.max(...data),
      analysis_type: 'statistics',
    };
    await ctx.sendDict(result, { format: `${MODELS}.StatisticsResult` });
  }
}

export class TrendAgent extends Agent {
  @processor(`${MODELS}.TrendRequest`)
  async analyze_trends(ctx: ProcessContext): Promise<void> {
    const data = numbers(ctx.payload);
    let slope = 0;
    let rSquared = 0;
    if (data.length > 1) {
      // Least squares, as numpy.polyfit(x, data, 1).
      const xs = data.map((_, i) => i);
      const mx = mean(xs);
      const my = mean(data);
      const sxy = xs.reduce((a, x, i) => a + (x - mx) * ((data[i] ?? 0) - my), 0);
      const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      slope = sxy / sxx;
      const intercept = my - slope * mx;
      const ssRes = data.reduce((a, y, i) => a + (y - (slope * i + intercept)) ** 2, 0);
      const ssTot = data.reduce((a, y) => a + (y - my) ** 2, 0);
      rSquared = ssTot !== 0 ? 1 - ssRes / ssTot : 0;
    }
    const direction = slope > 0.1 ? 'increasing' : slope < -0.1 ? 'decreasing' : 'stable';
    await ctx.sendDict(
      {
        correlation_id: ctx.payload['correlation_id'] ?? null,
        trend_direction: direction,
        slope,
        r_squared: rSquared,
        analysis_type: 'trends',
      },
      { format: `${MODELS}.TrendResult` },
    );
  }
}

export class AnomalyAgent extends Agent {
  @processor(`${MODELS}.AnomalyRequest`)
  async detect_anomalies(ctx: ProcessContext): Promise<void> {
    const data = numbers(ctx.payload);
    const threshold = data.length > 1 ? 2 * stdev(data) : 0;
    const outliers =
      data.length > 1 ? data.filter((x) => Math.abs(x - mean(data)) > threshold) : [];
    await ctx.sendDict(
      {
        correlation_id: ctx.payload['correlation_id'] ?? null,
        outliers,
        outlier_count: outliers.length,
        analysis_type: 'anomalies',
      },
      { format: `${MODELS}.AnomalyResult` },
    );
  }
}

export class ReportAgent extends Agent {
  @processor('rustic_ai.core.agents.eip.aggregating_agent.AggregatedMessages')
  async generate_report(ctx: ProcessContext): Promise<void> {
    const byType: Record<string, JsonObject> = {};
    for (const message of (ctx.payload['messages'] ?? []) as JsonObject[]) {
      const data = message['data'] as JsonObject;
      byType[text(data['analysis_type'])] = data;
    }
    const { statistics = {}, trends = {}, anomalies = {} } = byType;
    const summary =
      `Analysis complete: Mean=${Number(statistics['mean']).toFixed(2)}, ` +
      `Trend=${text(trends['trend_direction'])} (slope=${Number(trends['slope']).toFixed(3)}), ` +
      `Anomalies=${text(anomalies['outlier_count'])}`;
    await ctx.sendDict(
      {
        correlation_id: ctx.payload['correlation_id'] ?? null,
        statistics,
        trends,
        anomalies,
        summary,
      },
      { format: `${MODELS}.ComprehensiveAnalysisReport` },
    );
  }
}

for (const agent of [StatisticsAgent, TrendAgent, AnomalyAgent, ReportAgent]) {
  agentRegistry.register(agent.name, agent, {
    aliases: [`helpers.scatter_gather_agents.${agent.name}`],
  });
}
