import { InProcessCodeInterpreter } from './in-process-code-interpreter';
import { InProcessCodeInterpreterResolver } from './in-process-code-interpreter-resolver';

// Upstream's stateless runner tests (rustic-ai.md §6.2), adapted to the shared result shape.
describe(InProcessCodeInterpreter, () => {
  const runner = new InProcessCodeInterpreter();

  it('should run valid code (test_execute_valid_python_code)', async () => {
    const result = await runner.execute({ code: 'x = 1 + 1\nprint(x)' });
    expect(result).toMatchObject({ success: true, exitCode: 0, stdout: '2\n', stderr: '' });
  }, 60_000);

  it('should report exceptions (test_execute_invalid_python_code)', async () => {
    const result = await runner.execute({ code: 'x = 1 / 0' });
    expect(result.exception?.type).toContain('ZeroDivisionError');
    expect(result.exception?.message).toContain('division by zero');
  });

  it('should report syntax errors (test_execute_syntax_error)', async () => {
    const result = await runner.execute({ code: 'def missing_colon()\n    pass' });
    expect(result.exception?.type).toBe('SyntaxError');
    expect(result.exception?.message).toContain("expected ':'");
  });

  it('should bind globals (test_execute_with_globals_and_locals)', async () => {
    const result = await runner.execute({ code: 'x = y + 5\nprint(x)', globals: { y: 10 } });
    expect(result.stdout).toBe('15\n');
  });

  it('should be stateless: each call has a fresh namespace (test_execute_multiple_code_blocks)', async () => {
    expect((await runner.execute({ code: 'a = 5\nprint(a)' })).stdout).toBe('5\n');
    const second = await runner.execute({ code: 'b = a + 10\nprint(b)', globals: { a: 5 } });
    expect(second.stdout).toBe('15\n');
    const third = await runner.execute({ code: 'print(a)' });
    expect(third.exception?.type).toBe('NameError');
  });

  it('should read back globals (test_read_back_globals / test_read_back_locals)', async () => {
    const counter = await runner.execute({
      code: 'global counter\ncounter += 1\nprint(counter)',
      globals: { counter: 0 },
      returnGlobals: ['counter'],
    });
    expect(counter).toMatchObject({ stdout: '1\n', globals: { counter: 1 } });
    const locals = await runner.execute({
      code: 'x = 42\ny = x * 2\nprint(y)',
      returnGlobals: ['x', 'y'],
    });
    expect(locals).toMatchObject({ stdout: '84\n', globals: { x: 42, y: 84 } });
  });

  it('should not restrict trusted code', async () => {
    const result = await runner.execute({
      code: 'import os, sys\nv = sys.version_info[0]',
      returnGlobals: ['v'],
    });
    expect(result.globals['v']).toBe(3);
  });

  it('should reject calls after close', async () => {
    const closed = new InProcessCodeInterpreter();
    await closed.close();
    await expect(closed.execute({ code: '1' })).rejects.toMatchObject({ code: 'EXECUTOR_CLOSED' });
  });
});

describe(InProcessCodeInterpreterResolver, () => {
  it('should make a new runner on every resolution and take no properties', async () => {
    const resolver = new InProcessCodeInterpreterResolver();
    const first = await resolver.getOrResolve('org', 'guild', 'agent');
    expect(await resolver.getOrResolve('org', 'guild', 'agent')).not.toBe(first);
    expect(() => new InProcessCodeInterpreterResolver({ timeout_seconds: 1 })).toThrow(
      'takes no properties; remove: timeout_seconds',
    );
  });
});
