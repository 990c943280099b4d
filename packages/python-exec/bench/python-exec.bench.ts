// python-exec benchmark: the sandboxed executor against in-process Pyodide, measured in the same run.
// Run with `pnpm bench python-exec`.
import { readFileSync } from 'node:fs';
import { loadPyodide } from 'pyodide';
import { PythonExecExecutorResolver } from '../src/index';

interface Row {
  measure: string;
  guildkit: string;
  baseline: string;
  ratio: string;
  target: string;
}

const rows: Row[] = [];
const ms = (v: number) => `${v.toFixed(v < 10 ? 3 : 0)} ms`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const settle = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

async function main(): Promise<void> {
  // Baseline: naive in-process Pyodide, as a TypeScript app would use it.
  const [naiveBoot, py] = await time(() => loadPyodide());
  py.runPython('x = 0');
  for (let i = 0; i < 200; i += 1) py.runPython('x = x + 1');
  const inProcessCalls = 2000;
  const [inProcess] = await time(async () => {
    for (let i = 0; i < inProcessCalls; i += 1) py.runPython('x = x + 1');
    await Promise.resolve();
  });
  const runPythonMs = inProcess / inProcessCalls;

  // Guildkit: build (or reuse) the snapshot, then measure a cold agent (no booted interpreter).
  const props = {
    whitelisted_imports: ['math', 'json', 'statistics'],
    default_imports: { m: 'math' },
  };
  const [build] = await time(async () => {
    const warmup = new PythonExecExecutorResolver(props);
    await warmup.getOrResolve('org', 'guild', 'warmup');
    await warmup.close();
  });
  const cold = new PythonExecExecutorResolver(props);
  const [coldFirst] = await time(async () => {
    const agent = await cold.getOrResolve('org', 'guild', 'cold-agent');
    return agent.execute({ code: 'y = m.sqrt(16)' });
  });

  // Warm pool: the resolver keeps a booted interpreter ready for the next agent.
  await settle(3000);
  const [warmFirst, warmResult] = await time(async () => {
    const agent = await cold.getOrResolve('org', 'guild', 'warm-agent');
    return agent.execute({ code: 'y = m.sqrt(16)', returnGlobals: ['y'] });
  });
  if (warmResult.globals['y'] !== 4) throw new Error('warm agent computed the wrong value');

  // A burst: the next agent finds the warm interpreter taken and boots one in the running sandbox.
  await settle(3000);
  await cold.getOrResolve('org', 'guild', 'burst-1');
  const [burstFirst] = await time(async () => {
    const burst = await cold.getOrResolve('org', 'guild', 'burst-2');
    return burst.execute({ code: 'y = m.sqrt(16)' });
  });

  // Round trip of a trivial execute.
  const agent = await cold.getOrResolve('org', 'guild', 'warm-agent');
  await agent.execute({ code: 'x = 0' });
  for (let i = 0; i < 200; i += 1) await agent.execute({ code: 'x = x + 1' });
  const calls = 2000;
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const start = performance.now();
    await agent.execute({ code: 'x = x + 1' });
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / calls;
  const p50 = samples[Math.floor(calls / 2)] ?? 0;

  // Memory: sandbox process RSS growth per idle agent interpreter. Each step waits for the pool
  // to boot its replacement, so every step adds exactly one interpreter to the process.
  await settle(3000);
  const pid = agent.sandboxPid ?? 0;
  const before = rssMb(pid);
  const extra = 4;
  for (let i = 0; i < extra; i += 1) {
    const more = await cold.getOrResolve('org', 'guild', `idle-${i}`);
    await more.execute({ code: 'z = 1' });
    await settle(2000);
  }
  const perAgent = (rssMb(pid) - before) / extra;

  // Timeout and output flood: how fast control comes back.
  const [timeout] = await time(() =>
    agent.execute({ code: 'while True:\n    pass', timeoutSeconds: 1 }),
  );
  const [flood] = await time(() => agent.execute({ code: 'for i in range(10**7):\n    print(i)' }));
  await cold.close();

  rows.push(
    {
      measure: 'first execute of a new agent, warm pool',
      guildkit: ms(warmFirst),
      baseline: ms(naiveBoot),
      ratio: `${(naiveBoot / warmFirst).toFixed(0)}x faster`,
      target: '< 50 ms',
    },
    {
      measure: 'first execute of a new agent, no booted interpreter, sandbox running',
      guildkit: ms(burstFirst),
      baseline: ms(naiveBoot),
      ratio: `${(naiveBoot / burstFirst).toFixed(1)}x faster`,
      target: '< 400 ms',
    },
    {
      measure: 'first execute of a new agent, cold: new sandbox process (snapshot cached)',
      guildkit: ms(coldFirst),
      baseline: ms(naiveBoot),
      ratio: `${(naiveBoot / coldFirst).toFixed(1)}x faster`,
      target: '< 400 ms',
    },
    {
      measure: 'trivial execute `x = x + 1`, mean round trip',
      guildkit: ms(mean),
      baseline: ms(runPythonMs),
      ratio: `${(runPythonMs / mean).toFixed(2)}x in-process speed`,
      target: '< 0.5 ms',
    },
    {
      measure: 'trivial execute, median round trip',
      guildkit: ms(p50),
      baseline: ms(runPythonMs),
      ratio: `${(runPythonMs / p50).toFixed(2)}x`,
      target: '',
    },
    {
      measure: 'memory per idle agent interpreter (sandbox RSS)',
      guildkit: `${perAgent.toFixed(0)} MB`,
      baseline: 'n/a',
      ratio: '',
      target: '< 100 MB',
    },
    {
      measure: '`while True` with a 1 s timeout returns after',
      guildkit: ms(timeout),
      baseline: 'never (upstream)',
      ratio: '',
      target: '~1 s',
    },
    {
      measure: '10^7-print flood stopped after',
      guildkit: ms(flood),
      baseline: '',
      ratio: '',
      target: '< 1 s',
    },
    {
      measure: 'snapshot build + first interpreter (once per configuration)',
      guildkit: ms(build),
      baseline: '',
      ratio: '',
      target: '',
    },
  );
  console.log('| measure | guildkit | baseline (in-process Pyodide, same run) | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(`| ${r.measure} | ${r.guildkit} | ${r.baseline} | ${r.ratio} | ${r.target} |`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
