import { Payload, PayloadFields, type JsonObject } from '@guildkit/core';

/** Task: the sum of k² for k = 1..n, to be split across the code agents. */
export class SumSquaresTask extends Payload {
  static readonly format = 'SumSquaresTask';

  constructor(readonly n: number) {
    super();
  }

  static fromJson(json: JsonObject): SumSquaresTask {
    const n = new PayloadFields(json, SumSquaresTask.format).number('n');
    if (!Number.isInteger(n) || n < 1)
      throw new Error('SumSquaresTask.n must be a positive integer');
    return new SumSquaresTask(n);
  }
}

/** The Python a code agent runs for its chunk; `chunks_done` lives in that agent's interpreter. */
export function chunkCode(range: { start: number; stop: number }): string {
  return [
    `partial = sum(k * k for k in range(${range.start}, ${range.stop}))`,
    'try:',
    '    chunks_done += 1',
    'except NameError:',
    '    chunks_done = 1',
    "output = {'partial': partial, 'chunks_done': chunks_done}",
  ].join('\n');
}

/** Splits 1..n into `parts` contiguous half-open ranges. */
export function splitRange(n: number, parts: number): { start: number; stop: number }[] {
  const size = Math.ceil(n / parts);
  return Array.from({ length: parts }, (_, i) => ({
    start: i * size + 1,
    stop: Math.min(n, (i + 1) * size) + 1,
  }));
}
