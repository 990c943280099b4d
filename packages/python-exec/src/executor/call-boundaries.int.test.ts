import { PythonExecExecutor } from './python-exec-executor';

// What a call leaves behind, and what comes back out of it: nothing the agent schedules runs
// after its call, results are bounded and converted inside the interpreter, and a deadline that
// fires as the call starts still interrupts rather than kills.
describe('call boundaries', () => {
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create({
      whitelisted_imports: ['asyncio'],
      max_result_bytes: 64 * 1024,
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
  });

  beforeEach(async () => {
    await executor.execute({ code: 'kept = "state"' });
  });

  async function kept() {
    const result = await executor.execute({ code: 'pass', returnGlobals: ['kept'] });
    return result.globals['kept'];
  }

  it('should cancel asyncio callbacks and tasks scheduled during a call when it ends', async () => {
    const scheduled = await executor.execute({
      code: [
        'import asyncio',
        'ran = []',
        'loop = asyncio.get_event_loop()',
        'loop.call_soon(ran.append, "soon")',
        'loop.call_later(0.01, ran.append, "later")',
        'async def job():',
        '    ran.append("task")',
        'asyncio.ensure_future(job())',
      ].join('\n'),
    });
    expect(scheduled.error).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const after = await executor.execute({ code: 'pass', returnGlobals: ['ran'] });
    expect(after.globals['ran']).toEqual([]);
  });

  it('should not let a callback burn the interpreter after its call returned', async () => {
    await executor.execute({
      code: 'import asyncio\ndef spin():\n    while True:\n        pass\nasyncio.get_event_loop().call_later(0.01, spin)',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await executor.execute({ code: 'x = 1', returnGlobals: ['x'], timeoutSeconds: 5 });
    expect(next).toMatchObject({ success: true, timedOut: false, stateReset: false });
    expect(await kept()).toBe('state');
  });

  it.each([
    ['an int too large to convert', 'output = 10**5000', 'ValueError'],
    [
      'a dict key whose __str__ raises',
      'class K:\n    def __str__(self):\n        raise RuntimeError("no")\n    def __repr__(self):\n        raise RuntimeError("no")\noutput = {K(): 1}',
      'RuntimeError',
    ],
    ['globals over max_result_bytes', "output = 'x' * 100_000", 'ResultTooLarge'],
  ])('should report %s as the call’s exception and keep the state', async (_name, code, type) => {
    const result = await executor.execute({ code, returnGlobals: ['output'] });
    expect(result.success).toBe(false);
    expect(result.exception?.type).toBe(type);
    expect(result.globals).toEqual({});
    expect(result.stateReset).toBe(false);
    expect(await kept()).toBe('state');
  });

  it('should interrupt an endless loop, not kill it, at any timeout down to 1 ms', async () => {
    const timeouts = [0.001, 0.002, 0.003, 0.005, 0.01, 0.05];
    for (let round = 0; round < 5; round += 1) {
      for (const timeoutSeconds of timeouts) {
        const result = await executor.execute({ code: 'while True:\n    pass', timeoutSeconds });
        expect(result).toMatchObject({ timedOut: true, stateReset: false });
        expect(result.exception?.type).toBe('TimeoutError');
      }
    }
    expect(await kept()).toBe('state');
  }, 60_000);
});
