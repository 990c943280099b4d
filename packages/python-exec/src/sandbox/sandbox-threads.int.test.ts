import { parseExecutorConfig } from '../config/executor-config';
import { createInterpreterPool } from '../executor/create-interpreter-pool';
import { runOnSlot, type RunOnSlotOptions } from '../__tests__/run-on-slot';
import { type InterpreterPool, type InterpreterSlot } from './interpreter-pool';

// Which thread keeps a call's deadline while the agent's code runs: with process isolation the
// interpreter has the sandbox's main thread and a watchdog thread keeps it; in shared mode each
// interpreter has a worker and the main thread keeps it. Either way the code is interrupted (state
// kept), or killed after the grace when it ignores the interrupt.

const run = (slot: InterpreterSlot, code: string, options: RunOnSlotOptions = {}) =>
  runOnSlot(slot, code, { returnGlobals: ['x'], graceMs: 300, ...options });

const until = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i += 1) await new Promise((r) => setTimeout(r, 20));
  return done();
};

describe.each(['process', 'shared'] as const)('a sandbox with %s isolation', (isolation) => {
  let pool: InterpreterPool;
  let slot: InterpreterSlot;

  beforeEach(async () => {
    pool = createInterpreterPool(parseExecutorConfig({ isolation }), { warm: 0 });
    slot = await pool.acquire();
    await run(slot, 'x = 1');
  }, 60_000);

  afterEach(() => {
    pool.close();
  });

  it('should interrupt busy code on a cancel sent while it runs, keeping the state', async () => {
    const abort = new AbortController();
    setTimeout(() => {
      abort.abort();
    }, 200);
    const cancelled = await run(slot, 'while True:\n    x += 1', { signal: abort.signal });
    expect(cancelled.message).toMatchObject({ outcome: 'ran', cancelled: true, timedOut: false });
    expect(cancelled.message.runtime?.exception?.type).toBe('KeyboardInterrupt');
    const next = await run(slot, 'x = x > 1');
    expect(next.message.runtime?.globals).toEqual({ x: true });
  }, 30_000);

  it('should not lose a cancel that overtakes its call (the two pipes are not ordered)', async () => {
    for (let i = 0; i < 10; i += 1) {
      const abort = new AbortController();
      const started = performance.now();
      const call = run(slot, 'while True:\n    x += 1', {
        signal: abort.signal,
        timeoutMs: 20_000,
      });
      abort.abort(); // the exec frame is written; the cancel follows on the control pipe at once
      expect((await call).message).toMatchObject({ outcome: 'ran', cancelled: true });
      expect(performance.now() - started).toBeLessThan(5000);
    }
    // Cancelled at once, the loop may not have run at all: x is kept, not necessarily grown.
    expect((await run(slot, 'x = x >= 1')).message.runtime?.globals).toEqual({ x: true });
  }, 60_000);

  it('should answer code that ignores the interrupt as killed at timeout + grace', async () => {
    const started = performance.now();
    const killed = await run(slot, 'sum(range(10**12))', { timeoutMs: 200 });
    expect(killed.message).toMatchObject({ outcome: 'killed', timedOut: true, cancelled: false });
    expect(performance.now() - started).toBeLessThan(5000);
    // With process isolation the interpreter was the process's only one, and the process ends with
    // it; a shared process stays up for its other interpreters.
    expect(await until(() => slot.process.alive !== (isolation === 'process'))).toBe(true);
  }, 30_000);
});

describe('a sandbox with process isolation', () => {
  it('should host one interpreter only: a second boot fails and the first keeps its state', async () => {
    const pool = createInterpreterPool(parseExecutorConfig({}), { warm: 0 });
    try {
      const slot = await pool.acquire();
      await run(slot, 'x = 41');
      const policy = { restricted: true, whitelist: [], defaultImports: {}, forbiddenModules: [] };
      const second = slot.process.boot(
        { memoryLimitBytes: 2 ** 26, maxFilesBytes: 2 ** 20, policy, warmUp: false },
        { snapshot: Buffer.alloc(16), wheels: [] },
      );
      await expect(second).rejects.toMatchObject({ code: 'SANDBOX_UNAVAILABLE' });
      const next = await run(slot, 'x = x + 1');
      expect(next.message.runtime?.globals).toEqual({ x: 42 });
    } finally {
      pool.close();
    }
  }, 60_000);
});
