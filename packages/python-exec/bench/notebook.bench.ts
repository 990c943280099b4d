// Getting results out: print-to-callback latency, a 10 MB file in and out against a plain pipe
// copy of the same bytes, and what streaming costs a trivial call. Baselines measured in the
// same run. Run with `pnpm bench notebook`.
import { spawn } from 'node:child_process';
import { PythonExecExecutor } from '../src/index';

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const MB = 10;

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

/** Baseline: the same bytes through a child process and back over pipes. */
async function pipeEcho(bytes: Buffer): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)']);
  let received = 0;
  const done = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes.length) resolve();
    });
  });
  child.stdin.end(bytes);
  await done;
  child.kill();
  return performance.now() - started;
}

async function trivial(executor: PythonExecExecutor, stream: boolean): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const started = performance.now();
    await executor.execute({
      code: 'x = x + 1',
      ...(stream ? { onStdout: () => undefined } : {}),
    });
    samples.push(performance.now() - started);
  }
  return quantile(samples, 0.5);
}

async function main(): Promise<void> {
  const executor = await PythonExecExecutor.create({
    whitelisted_imports: ['time'],
    max_result_bytes: 64 * 2 ** 20,
  });
  await executor.execute({ code: 'x = 0' });
  await trivial(executor, false);

  const latencies: number[] = [];
  await executor.execute({
    code: 'import time\nfor i in range(200):\n    print(time.time() * 1000)\n    time.sleep(0.005)',
    onStdout: (text) => {
      const now = Date.now();
      for (const line of text.trim().split('\n')) latencies.push(now - Number(line));
    },
  });

  const bytes = Buffer.alloc(MB * 2 ** 20, 7);
  const pipe = await pipeEcho(bytes);
  const started = performance.now();
  const result = await executor.execute({
    files: { 'in.bin': bytes },
    code: 'open("out.bin", "wb").write(open("in.bin", "rb").read())',
    outputFiles: ['out.bin'],
  });
  const roundTrip = performance.now() - started;
  if (result.outputFiles[0]?.size !== bytes.length)
    throw new Error(`file round trip failed: ${result.error}`);

  const plain = await trivial(executor, false);
  const streamed = await trivial(executor, true);
  await executor.close();

  console.log('| measure | guildkit | baseline (same run) | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| print → onStdout latency, p50 / p99 (200 prints) | ${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.99))} | | | p50 < 2 ms |`,
  );
  console.log(
    `| ${MB} MB file in and out of the sandbox | ${ms(roundTrip)} (${((2 * MB) / (roundTrip / 1000)).toFixed(0)} MB/s) | plain pipe copy to a child and back ${ms(pipe)} | ${(roundTrip / pipe).toFixed(1)}x | |`,
  );
  console.log(
    `| trivial execute, median: no callback / with onStdout | ${ms(plain)} / ${ms(streamed)} | | ${(streamed / plain).toFixed(2)}x | none without a callback |`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
