import { PythonExecExecutorResolver } from './python-exec-executor-resolver';
import { type PythonExecExecutor } from './python-exec-executor';

// Timeouts, memory and output limits, crashes, and what they leave of other agents' state.
describe('limits and isolation', () => {
  let resolver: PythonExecExecutorResolver;
  let alice: PythonExecExecutor;
  let bob: PythonExecExecutor;

  beforeAll(async () => {
    resolver = new PythonExecExecutorResolver({
      whitelisted_imports: ['time'],
      timeout_seconds: 1,
      memory_limit_mb: 128,
      max_output_bytes: 4096,
    });
    alice = await resolver.getOrResolve('org', 'guild', 'alice');
    bob = await resolver.getOrResolve('org', 'guild', 'bob');
  }, 60_000);

  afterAll(async () => {
    await resolver.close();
  });

  beforeEach(async () => {
    await alice.execute({ code: 'secret = "alice"' });
    await bob.execute({ code: 'secret = "bob"' });
  });

  async function secretOf(executor: PythonExecExecutor) {
    return (await executor.execute({ code: 'pass', returnGlobals: ['secret'] })).globals['secret'];
  }

  it('should give agents separate namespaces even for the same names', async () => {
    expect(await secretOf(alice)).toBe('alice');
    expect(await secretOf(bob)).toBe('bob');
  });

  it('should interrupt an endless loop and keep the agent state', async () => {
    const result = await alice.execute({ code: 'while True:\n    pass' });
    expect(result).toMatchObject({ success: false, timedOut: true, stateReset: false });
    expect(result.exception?.type).toBe('TimeoutError');
    expect(result.exception?.traceback).toMatch(/<cell-\d+>", line [12]/);
    expect(await secretOf(alice)).toBe('alice');
  });

  it('should honour a per-call timeout', async () => {
    const result = await alice.execute({ code: 'while True:\n    pass', timeoutSeconds: 0.2 });
    expect(result.timedOut).toBe(true);
    expect(result.error).toContain('0.2 s');
  });

  it.each([
    ['time.sleep', 'import time\ntime.sleep(60)'],
    [
      'a bare except swallowing the interrupt',
      'while True:\n    try:\n        while True:\n            pass\n    except:\n        pass',
    ],
    ['a C loop', 'sum(range(10**12))'],
  ])(
    'should kill code that ignores the interrupt (%s) and report the lost state',
    async (_, code) => {
      const result = await alice.execute({ code });
      expect(result).toMatchObject({ success: false, timedOut: true, stateReset: true });
      expect(result.error).toContain('interpreter was replaced');
      const next = await alice.execute({ code: 'x = 1', returnGlobals: ['x', 'secret'] });
      expect(next).toMatchObject({ success: true, stateReset: true, globals: { x: 1 } });
      const after = await alice.execute({ code: 'x += 1', returnGlobals: ['x'] });
      expect(after).toMatchObject({ stateReset: false, globals: { x: 2 } });
      expect(await secretOf(bob)).toBe('bob');
    },
  );

  it('should stop a list bomb with MemoryError and stay usable', async () => {
    const result = await alice.execute({
      code: 'bomb = []\nwhile True:\n    bomb.append(bytearray(10**6))',
      timeoutSeconds: 20,
    });
    expect(result.exception?.type).toBe('MemoryError');
    expect(result.timedOut).toBe(false);
    const after = await alice.execute({
      code: 'del bomb\nok = 1 + 1',
      returnGlobals: ['ok', 'secret'],
    });
    expect(after.globals).toEqual({ ok: 2, secret: 'alice' });
    expect(await secretOf(bob)).toBe('bob');
  });

  it('should cut output at max_output_bytes with a marker', async () => {
    const result = await alice.execute({ code: "print('a' * 10000)\nprint('end')" });
    expect(result.exception?.type).toBe('OutputLimitExceeded');
    expect(result.stdout).toContain('[output truncated at 4096 bytes]');
    expect(result.stdout.length).toBeLessThan(4200);
    expect(result.stdout).not.toContain('end');
  });

  it('should stop a print flood instead of running it to the end', async () => {
    // 10^7 prints take ~20 s when merely dropped; the 5 s timeout would fire if not stopped.
    const result = await alice.execute({
      code: 'for i in range(10**7):\n    print(i)',
      timeoutSeconds: 5,
    });
    expect(result.timedOut).toBe(false);
    expect(result.exception?.type).toBe('OutputLimitExceeded');
    expect(await secretOf(alice)).toBe('alice');
  });

  it('should survive the sandbox process being killed (kill -9), leaving other agents intact', async () => {
    const pid = alice.sandboxPid;
    expect(pid).toBeDefined();
    expect(bob.sandboxPid).not.toBe(pid);
    const inFlight = alice.execute({ code: 'import time\ntime.sleep(0.5)', timeoutSeconds: 30 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(pid!, 'SIGKILL');
    const crashed = await inFlight;
    expect(crashed).toMatchObject({ success: false, stateReset: true });
    expect(crashed.exception?.type).toBe('SandboxCrashed');
    const next = await alice.execute({ code: 'y = 2', returnGlobals: ['y', 'secret'] });
    expect(next).toMatchObject({ success: true, stateReset: true, globals: { y: 2 } });
    const other = await bob.execute({ code: 'z = 3', returnGlobals: ['z', 'secret'] });
    expect(other).toMatchObject({
      success: true,
      stateReset: false,
      globals: { z: 3, secret: 'bob' },
    });
    expect(alice.sandboxPid).not.toBe(pid);
  });
});
