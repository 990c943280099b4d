import { join } from 'node:path';
import { ProbeAgent, type Guild, type JsonValue } from '@guildkit/core';
import { GuildBuilder, validateGuildSpecFile } from '@guildkit/guild-dsl';

jest.setTimeout(120_000);

const records = [
  { x: 1, y: 2, label: 'a' },
  { x: 2, y: 4, label: 'b' },
  { x: 3, y: 6, label: 'c' },
  { x: 4, y: 8.5, label: 'd' },
];

async function analyse(guild: Guild, data: JsonValue) {
  const probe = await ProbeAgent.join(guild, { id: `probe-${Date.now()}` });
  await probe.publish({ format: 'AnalysisRequest', payload: { data } });
  const [reply] = await probe.waitForMessages(1, 60_000);
  return reply!;
}

describe('the data analysis example (standard library)', () => {
  let guild: Guild;

  beforeAll(async () => {
    guild = await GuildBuilder.fromYamlFile(join(__dirname, 'guild.yaml')).launch('example-org');
  });

  afterAll(async () => {
    await guild.shutdown();
  });

  it('should summarise the numeric columns of a list of records', async () => {
    const reply = await analyse(guild, records);
    expect(reply.format).toBe('AnalysisResult');
    const results = reply.payload['analysis_results'] as Record<string, Record<string, unknown>>;
    expect(results['rows']).toBe(4);
    expect(Object.keys(results['summary']!)).toEqual(['x', 'y']);
    expect(results['summary']!['x']).toMatchObject({
      count: 4,
      mean: 2.5,
      median: 2.5,
      min: 1,
      max: 4,
    });
    const correlation = results['correlation'] as Record<string, Record<string, number>>;
    expect(correlation['x']!['x']).toBe(1);
    expect(correlation['x']!['y']).toBeGreaterThan(0.99);
  });

  it('should return a CSV report and a PNG chart it wrote in its sandbox', async () => {
    const reply = await analyse(guild, records);
    const files = reply.payload['files'] as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(['chart.png', 'report.csv']);
    const report = Buffer.from(files['report.csv']!, 'base64').toString().trim().split(/\r?\n/);
    expect(report[0]).toBe('column,count,mean,median,stdev,min,max');
    expect(report.slice(1).map((line) => line.split(',')[0])).toEqual(['x', 'y']);
    const png = Buffer.from(files['chart.png']!, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from('89504e470d0a1a0a', 'hex'));
    expect(png.subarray(12, 16).toString()).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([80, 100]);
  });

  it('should read CSV text as well', async () => {
    const reply = await analyse(guild, 'x,y\n1,10\n3,30\n');
    const results = reply.payload['analysis_results'] as Record<string, Record<string, unknown>>;
    expect(results['summary']!['y']).toMatchObject({ count: 2, mean: 20 });
  });

  it('should reply with an error for data the analysis cannot use', async () => {
    const reply = await analyse(guild, [{ x: 1 }]);
    expect(reply.payload['error']).toContain('StatisticsError');
  });
});

describe('the data analysis example (pandas)', () => {
  it('should be a valid spec that installs pandas from its package index', () => {
    const report = validateGuildSpecFile(join(__dirname, 'guild.pandas.yaml'));
    expect(report.problems).toEqual([]);
    expect(report.spec?.dependencyMap['code_executor']?.properties).toMatchObject({
      packages: ['pandas'],
      whitelisted_imports: ['pandas', 'io'],
    });
    expect(report.spec?.agents[0]?.properties['analysis_code']).toContain('df.describe()');
  });
});
