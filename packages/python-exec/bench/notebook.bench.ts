// Getting results out: print-to-callback latency, a 10 MB file in and out against a plain pipe
// copy of the same bytes, and what streaming costs a trivial call. Baselines measured in the
// same run. Run with `pnpm bench notebook`.
import { spawn } from 'node:child_process';
import { quantile } from '@guildkit/core/testing';
import { PythonExecExecutor } from '../src/index';

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const MB = 10;
const FILE_SAMPLES = 7;

/**
 * Baseline: the same bytes to an already-running child over a pipe and back (the sandbox speaks
 * over its stdin/stdout too). The child is spawned and warmed once, outside the samples.
 */
async function pipeEcho(bytes: Buffer, samples: number): Promise<number[]> {
  const child = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)']);
  let received = 0;
  let waiting: { until: number; resolve: () => void } | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (waiting && received >= waiting.until) waiting.resolve();
  });
  const copy = async () => {
    const until = received + bytes.length;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      waiting = { until, resolve };
      child.stdin.write(bytes);
    });
    return performance.now() - started;
  };
  await copy();
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) times.push(await copy());
  child.kill();
  return times;
}

async function fileRoundTrips(executor: PythonExecExecutor, bytes: Buffer, samples: number) {
  const times: number[] = [];
  for (let i = 0; i <= samples; i += 1) {
    const started = performance.now();
    const result = await executor.execute({
      files: { 'in.bin': bytes },
      code: 'open("out.bin", "wb").write(open("in.bin", "rb").read())',
      outputFiles: ['out.bin'],
    });
    if (result.outputFiles[0]?.size !== bytes.length)
      throw new Error(`file round trip failed: ${result.error}`);
    if (i > 0) times.push(performance.now() - started); // the first one warms up
  }
  return times;
}

/**
 * Medians of the trivial call without and with an `onStdout` callback, alternating so that both
 * see the same machine (GC, other load).
 */
async function trivial(executor: PythonExecExecutor): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < 2000; i += 1) {
    const stream = i % 2 === 1;
    const started = performance.now();
    await executor.execute({
      code: 'x = x + 1',
      ...(stream ? { onStdout: () => undefined } : {}),
    });
    samples[i % 2]?.push(performance.now() - started);
  }
  return [quantile(samples[0], 0.5), quantile(samples[1], 0.5)];
}

/**
 * print → onStdout latency, on clocks of microsecond resolution. Python stamps each line with
 * `time.perf_counter_ns()` (Pyodide serves it from the worker's `performance.now()`; `time.time()`
 * would not do, it comes from `Date.now()` in whole ms) and the host subtracts it from its own
 * `performance.now()` when `onStdout` gets the line. Both count CLOCK_MONOTONIC from different
 * origins, so they differ by a constant offset, found as in Cristian's algorithm: trivial calls
 * return a worker stamp that must lie between host readings taken before and after the call, and
 * each bracket bounds the offset; intersecting 50 of them gives [low, high]. Latencies use the
 * middle of that interval, so each is exact to within half its width (printed with the figures).
 */
async function printLatency(executor: PythonExecExecutor) {
  let [low, high] = [-Infinity, Infinity];
  for (let i = 0; i < 50; i += 1) {
    const before = performance.now();
    const r = await executor.execute({
      code: 'stamp = time.perf_counter_ns()',
      returnGlobals: ['stamp'],
    });
    const after = performance.now();
    const stamp = (r.globals['stamp'] as number) / 1e6;
    // The stamp's instant t is in [before, after] on the host clock, and offset = stamp - t.
    low = Math.max(low, stamp - after);
    high = Math.min(high, stamp - before);
  }
  const offset = (low + high) / 2;
  const latencies: number[] = [];
  await executor.execute({
    code: 'for i in range(300):\n    print(time.perf_counter_ns())\n    time.sleep(0.005)',
    onStdout: (text) => {
      const now = performance.now();
      for (const line of text.trim().split('\n'))
        latencies.push(now - (Number(line) / 1e6 - offset));
    },
  });
  // The first prints warm the path up.
  return { latencies: latencies.slice(20), error: (high - low) / 2 };
}

async function main(): Promise<void> {
  const executor = await PythonExecExecutor.create({
    whitelisted_imports: ['time'],
    max_result_bytes: 64 * 2 ** 20,
  });
  await executor.execute({ code: 'import time\nx = 0' });
  await trivial(executor);
  const { latencies, error } = await printLatency(executor);

  const bytes = Buffer.alloc(MB * 2 ** 20, 7);
  const pipes = await pipeEcho(bytes, FILE_SAMPLES);
  const trips = await fileRoundTrips(executor, bytes, FILE_SAMPLES);
  if (process.env['BENCH_VERBOSE']) console.log({ pipes, trips });
  const [pipe, roundTrip] = [quantile(pipes, 0.5), quantile(trips, 0.5)];

  const [plain, streamed] = await trivial(executor);
  await executor.close();

  console.log('| measure | guildkit | baseline (same run) | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| print → onStdout latency, p50 / p99 (${latencies.length} prints, clocks synchronised to ±${ms(error)}) | ${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.99))} | | | p50 < 2 ms |`,
  );
  console.log(
    `| ${MB} MB file in and out of the sandbox, median of ${FILE_SAMPLES} | ${ms(roundTrip)} (${((2 * MB) / (roundTrip / 1000)).toFixed(0)} MB/s) | same bytes to a running child over a pipe and back ${ms(pipe)} | ${(roundTrip / pipe).toFixed(1)}x | |`,
  );
  console.log(
    `| trivial execute, median: no callback / with onStdout (alternating, 1000 each) | ${ms(plain)} / ${ms(streamed)} | | ${(streamed / plain).toFixed(2)}x | none without a callback |`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
