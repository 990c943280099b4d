// python-exec benchmark: the sandboxed executor in both isolation modes against in-process
// Pyodide, measured in the same run. Run with `pnpm bench python-exec`.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantile } from '@guildkit/core/testing';
import { loadPyodide } from 'pyodide';
import { PythonExecExecutorResolver } from '../src/index';
import { encodeFrame, FrameDecoder } from '../src/sandbox/frame-codec';

type Mode = 'process' | 'shared';
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const settle = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));
/** How long the pool gets to boot its next warm interpreter before a new agent is measured. */
const IDLE_MS = 3000;
const props = {
  whitelisted_imports: ['math', 'json', 'statistics'],
  default_imports: { m: 'math' },
};

/**
 * PSS of a process and all its descendants (a sandbox is bwrap → bwrap → node): its own memory
 * plus its share of what sandboxes share (the node binary's pages), i.e. what one more costs.
 */
function treeRssMb(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  let kb = Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) kb += treeRssMb(Number(child)) * 1024;
  }
  return kb / 1024;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

type Call = (code: string) => unknown;

async function roundTrips(call: Call, calls: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const [took] = await timed(() => Promise.resolve(call('x = x + 1')));
    samples.push(took);
  }
  return samples;
}

/**
 * Pyodide in a plain child process (bench/pyodide-child.mjs), answering `runPython` over the same
 * framing: the floor of any design that puts the interpreter in another process, on this machine
 * (each call wakes two sleeping processes).
 */
async function startPlainChild(): Promise<{ call: Call; close: () => void }> {
  const child = spawn(process.execPath, [join(__dirname, 'pyodide-child.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const decoder = new FrameDecoder({ maxFrameBytes: 1024, attachments: false });
  let answered: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (answered = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    for (let frames = decoder.push(chunk).length; frames > 0; frames -= 1) answered?.();
  });
  await ready;
  const call = (code: string) =>
    new Promise<void>((resolve) => {
      answered = resolve;
      child.stdin.write(Buffer.concat(encodeFrame({ code })));
    });
  await call('x = 0');
  return { call, close: () => child.stdin.end() };
}

/** The plain child's first call after `IDLE_MS` of idleness, which VMs that reclaim idle memory make slow. */
async function firstCallAfterIdle(child: Call): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await settle(IDLE_MS);
    samples.push((await timed(() => Promise.resolve(child('y = 1'))))[0]);
  }
  return quantile(samples, 0.5);
}

/**
 * Medians of trivial round trips to `agent`, to the plain child and through in-process
 * `runPython`, taken in alternating batches so that all three see the same moments of a machine
 * whose speed drifts (on a VM, by up to 2x within minutes).
 */
async function alongside(calls: Record<'agent' | 'child' | 'runPython', Call>) {
  const samples = { agent: [] as number[], child: [] as number[], runPython: [] as number[] };
  for (const call of Object.values(calls)) await roundTrips(call, 200);
  for (let batch = 0; batch < 10; batch += 1) {
    for (const [name, call] of Object.entries(calls)) {
      samples[name as keyof typeof samples].push(...(await roundTrips(call, 100)));
    }
  }
  return {
    samples: samples.agent,
    p50: quantile(samples.agent, 0.5),
    child: quantile(samples.child, 0.5),
    runPython: quantile(samples.runPython, 0.5),
  };
}

async function measure(mode: Mode, baselines: { child: Call; runPython: Call }) {
  const resolver = new PythonExecExecutorResolver({ ...props, isolation: mode });
  let n = 0;
  const newAgent = () => resolver.getOrResolve('org', 'guild', `${mode}-${(n += 1)}`);
  const [cold] = await timed(async () => (await newAgent()).execute({ code: 'y = m.sqrt(16)' }));
  const warm: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await settle(IDLE_MS); // the pool boots the next warm interpreter
    const [took] = await timed(async () => (await newAgent()).execute({ code: 'y = m.sqrt(16)' }));
    warm.push(took);
  }
  await settle(1500);
  await newAgent(); // takes the warm one
  const [burst] = await timed(async () => (await newAgent()).execute({ code: 'y = m.sqrt(16)' }));

  const agent = await newAgent();
  const spinner = await newAgent();
  await agent.execute({ code: 'x = 0' });
  // Taking two agents made the pool boot replacements: measure once they are up, on a quiet machine.
  await settle(2 * IDLE_MS);
  const insideInterpreter: number[] = [];
  const run = async (code: string) =>
    insideInterpreter.push((await agent.execute({ code })).durationMs);
  const quiet = await alongside({ agent: run, ...baselines });
  const interpreterP50 = quantile(insideInterpreter.slice(200), 0.5); // after alongside()'s 200 warm-up calls
  const idle = quiet.samples;
  const spinning = spinner.execute({ code: 'while True:\n    pass', timeoutSeconds: 4 });
  await settle(100);
  const busy = await roundTrips(run, 300);
  await spinning;

  await settle(2000);
  let perAgent: number;
  if (mode === 'process') {
    perAgent = treeRssMb(agent.sandboxPid ?? 0);
  } else {
    const before = treeRssMb(agent.sandboxPid ?? 0);
    for (let i = 0; i < 4; i += 1) {
      await (await newAgent()).execute({ code: 'z = 1' });
      await settle(1500);
    }
    perAgent = (treeRssMb(agent.sandboxPid ?? 0) - before) / 4;
  }

  const fleet = await Promise.all(Array.from({ length: 20 }, () => newAgent()));
  await Promise.all(fleet.map((a) => a.execute({ code: 'x = 0' })));
  const perAgentCalls = 50;
  // Most of the fleet booted on demand just now, and the pool boots a replacement: measure the
  // fleet's steady state, once those boots are done and a first round has brought back what the
  // VM reclaimed from the idle processes meanwhile (that round ran at a tenth of the rate).
  await settle(2 * IDLE_MS);
  await Promise.all(fleet.map((a) => roundTrips((code) => a.execute({ code }), perAgentCalls)));
  const [fleetMs] = await timed(() =>
    Promise.all(fleet.map((a) => roundTrips((code) => a.execute({ code }), perAgentCalls))),
  );
  await resolver.close();
  return {
    cold,
    warm: quantile(warm, 0.5),
    burst,
    mean: idle.reduce((a, b) => a + b, 0) / idle.length,
    p50: quiet.p50,
    childP50: quiet.child,
    runPythonP50: quiet.runPython,
    // The interpreter's own time per call (policy, capture, result), without the hops.
    interpreterP50,
    idleP99: quantile(idle, 0.99),
    busyP99: quantile(busy, 0.99),
    perAgent,
    fleetRate: (20 * perAgentCalls) / (fleetMs / 1000),
  };
}

async function main(): Promise<void> {
  const [naiveBoot, py] = await timed(() => loadPyodide());
  py.runPython('x = 0');
  for (let i = 0; i < 200; i += 1) py.runPython('x = x + 1');
  const [inProcess] = await timed(async () => {
    for (let i = 0; i < 2000; i += 1) py.runPython('x = x + 1');
    await Promise.resolve();
  });
  const runPython = inProcess / 2000;
  const child = await startPlainChild();
  const childAfterIdle = await firstCallAfterIdle(child.call);
  const baselines = {
    child: child.call,
    runPython: (code: string) => {
      py.runPython(code);
    },
  };
  // Snapshot build (once per configuration), outside the measurements.
  const [build] = await timed(async () => {
    const warmup = new PythonExecExecutorResolver(props);
    await warmup.getOrResolve('org', 'guild', 'warmup');
    await warmup.close();
  });
  const results = {
    process: await measure('process', baselines),
    shared: await measure('shared', baselines),
  };
  child.close();
  type Result = (typeof results)['process'];
  const row = (measure: string, value: (r: Result) => string, [base, target] = ['', '']) => {
    console.log(
      `| ${measure} | ${value(results.process)} | ${value(results.shared)} | ${base} | ${target} |`,
    );
  };
  console.log(
    '| measure | process per agent (default) | shared process | baseline (same run) | target |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  const boot = `in-process loadPyodide() ${ms(naiveBoot)}`;
  row(
    'new agent’s first execute, warm pool (p50 of 5)',
    (r) => `${ms(r.warm)} (${(naiveBoot / r.warm).toFixed(0)}x faster)`,
    [
      `${boot}; a plain child's first call after ${IDLE_MS / 1000} s idle ${ms(childAfterIdle)}`,
      '< 5 ms (p50), < 50 ms',
    ],
  );
  row('new agent’s first execute, nothing booted', (r) => ms(r.burst), [boot, '< 400 ms']);
  row('first agent of a resolver (snapshot cached)', (r) => ms(r.cold), [boot, '']);
  row('trivial execute `x = x + 1`, mean', (r) => ms(r.mean), [`runPython ${ms(runPython)}`, '']);
  row(
    'trivial execute, median (batches alternating with its baselines)',
    (r) =>
      `${ms(r.p50)}: ${(r.p50 / r.runPythonP50).toFixed(1)}x runPython ${ms(r.runPythonP50)}, ` +
      `${(r.p50 / r.childP50).toFixed(1)}x plain child ${ms(r.childP50)}; ` +
      `inside the interpreter ${ms(r.interpreterP50)} (${(r.interpreterP50 / r.runPythonP50).toFixed(1)}x runPython)`,
    [
      'runPython in this process; Pyodide in a plain child process (the out-of-process floor)',
      '<= 1.5x plain child',
    ],
  );
  row(
    'neighbour p99 while another agent spins / idle p99',
    (r) => `${ms(r.busyP99)} / ${ms(r.idleP99)} (${(r.busyP99 / r.idleP99).toFixed(1)}x)`,
    ['', '< 2x'],
  );
  row('memory per idle agent (PSS of its sandbox tree)', (r) => `${r.perAgent.toFixed(0)} MB`, [
    '',
    '< 100 MB own process, < 60 MB shared',
  ]);
  row(
    'trivial executes per second, 20 agents at once (steady state)',
    (r) => `${r.fleetRate.toFixed(0)}/s`,
    [`runPython ${(1000 / runPython).toFixed(0)}/s (one thread)`, ''],
  );
  console.log(`\nsnapshot build + first interpreter (once per configuration): ${ms(build)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
