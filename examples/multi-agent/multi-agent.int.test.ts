import { join } from 'node:path';
import { ProbeAgent, type Guild, type JsonObject, type Message } from '@guildkit/core';
import { GuildBuilder } from '@guildkit/guild-dsl';

jest.setTimeout(120_000);

const sumOfSquares = (n: number) => (n * (n + 1) * (2 * n + 1)) / 6;

describe('the split-and-combine example', () => {
  let guild: Guild;
  let probe: ProbeAgent;

  async function first(format: string): Promise<Message> {
    const messages = await probe.waitForMessages((m) => m.format === format, 60_000);
    return messages.find((m) => m.format === format)!;
  }

  async function solve(n: number): Promise<JsonObject> {
    probe.clear();
    await probe.publish({ format: 'SumSquaresTask', payload: { n } });
    return (await first('SumSquaresResult')).payload;
  }

  beforeAll(async () => {
    guild = await GuildBuilder.fromYamlFile(join(__dirname, 'guild.yaml')).launch('example-org');
    probe = await ProbeAgent.join(guild, { topics: ['worker_b'] });
  });

  afterAll(async () => {
    await guild.shutdown();
  });

  it('should combine the two workers into the right total', async () => {
    const result = await solve(100);
    expect(result['total']).toBe(sumOfSquares(100));
    expect(result['parts']).toEqual([
      { worker: 'worker_a', partial: sumOfSquares(50), chunks_done: 1 },
      { worker: 'worker_b', partial: sumOfSquares(100) - sumOfSquares(50), chunks_done: 1 },
    ]);
  });

  it('should keep a separate Python state in each worker', async () => {
    const result = await solve(10);
    expect(result['total']).toBe(sumOfSquares(10));
    const parts = result['parts'] as JsonObject[];
    expect(parts.map((p) => p['chunks_done'])).toEqual([2, 2]);
    probe.clear();
    await probe.publish({
      topics: 'worker_b',
      format: 'CodeRequest',
      payload: { code: 'output = partial' },
    });
    const reply = await first('CodeResponse');
    expect(reply.sender.id).toBe('worker_b');
    expect(reply.payload['output']).toBe(sumOfSquares(10) - sumOfSquares(5));
  });
});
