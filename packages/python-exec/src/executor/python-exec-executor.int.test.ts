import { type ExecuteRequest } from '../execution/execution-result';
import { PythonExecError } from '../errors/python-exec-error';
import { PythonExecExecutor } from './python-exec-executor';

// Upstream's executor tests (rustic-ai.md §6.1), adapted to Guildkit's result shape, plus the
// behaviour Guildkit adds (one namespace, globals in and out, REPL display, lifecycle).
describe(PythonExecExecutor, () => {
  let executor: PythonExecExecutor;
  let withImports: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create();
    withImports = await PythonExecExecutor.create({
      whitelisted_imports: ['math', 'json', 'sys'],
      default_imports: { m: 'math', json_lib: 'json' },
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
    await withImports.close();
  });

  beforeEach(async () => {
    await executor.reset();
  });

  describe('ported from upstream', () => {
    it('should run code and capture stdout (test_basic_execution)', async () => {
      const result = await executor.execute({ code: 'x = 1 + 2\nprint(f"Result: {x}")' });
      expect(result).toMatchObject({
        success: true,
        exitCode: 0,
        stdout: 'Result: 3\n',
        stderr: '',
      });
      expect(result.exception).toBeUndefined();
      expect(result.error).toBeUndefined();
    });

    it('should keep state between calls (test_state_persistence)', async () => {
      await executor.execute({ code: 'x = 42' });
      const result = await executor.execute({ code: 'print(x)' });
      expect(result).toMatchObject({ exitCode: 0, stdout: '42\n' });
    });

    it('should report exceptions (test_error_handling)', async () => {
      const result = await executor.execute({ code: '1/0' });
      expect(result.exitCode).toBe(-1);
      expect(result.success).toBe(false);
      expect(result.exception?.type).toBe('ZeroDivisionError');
      expect(result.exception?.message).toContain('division by zero');
      expect(result.error).toBe('ZeroDivisionError: division by zero');
      expect(result.exception?.traceback).toContain('1/0');
    });

    it('should report syntax errors with their line (test_syntax_error_handling)', async () => {
      const result = await executor.execute({ code: "x = 1\nif True print('invalid')" });
      expect(result.exitCode).toBe(-1);
      expect(result.exception?.type).toBe('SyntaxError');
      expect(result.exception?.message).toContain('line 2');
    });

    it('should block imports when nothing is whitelisted (test_blocked_direct_import)', async () => {
      const result = await executor.execute({ code: 'import sys' });
      expect(result.exitCode).toBe(-1);
      expect(result.exception?.type).toBe('ImportError');
      expect(result.exception?.message).toBe("Import of 'sys' is not allowed. Allowed imports: []");
    });

    it('should keep stdout printed before an exception (test_output_capture)', async () => {
      const result = await executor.execute({
        code: "print('to stdout')\nraise Exception('to stderr')",
      });
      expect(result.stdout).toContain('to stdout');
      expect(result.exitCode).toBe(-1);
      expect(result.exception?.type).toBe('Exception');
      expect(result.exception?.message).toContain('to stderr');
    });

    it('should clear state on reset (test_shutdown_clears_state)', async () => {
      await executor.execute({ code: 'x = 42' });
      await executor.reset();
      const result = await executor.execute({ code: 'print(x)' });
      expect(result.exitCode).toBe(-1);
      expect(result.exception?.type).toBe('NameError');
      expect(result.exception?.message).toContain("name 'x' is not defined");
      expect(result.stateReset).toBe(false);
    });

    it('should allow whitelisted imports (test_whitelisted_imports)', async () => {
      const result = await withImports.execute({ code: 'from math import sqrt\nprint(sqrt(16))' });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout.trim()).toBe('4.0');
    });

    it('should block other imports (test_blocked_non_whitelisted_import)', async () => {
      const result = await withImports.execute({ code: 'import os' });
      expect(result.exception?.type).toBe('ImportError');
      expect(result.exception?.message).toBe(
        "Import of 'os' is not allowed. Allowed imports: ['json', 'math', 'sys']",
      );
    });

    it('should bind default imports (test_default_imports_available)', async () => {
      const result = await withImports.execute({
        code: 'print(m.pi)\nprint(json_lib.dumps([1,2,3]))',
      });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('3.14159');
      expect(result.stdout).toContain('[1, 2, 3]');
    });
  });

  describe('one persistent namespace', () => {
    it('should let functions see names defined by earlier snippets', async () => {
      await executor.execute({ code: 'y = 5' });
      await executor.execute({ code: 'def f():\n    return y' });
      const result = await executor.execute({ code: 'z = f()', returnGlobals: ['z'] });
      expect(result.globals).toEqual({ z: 5 });
    });

    it('should keep classes and imports between calls', async () => {
      await withImports.execute({
        code: 'import json\nclass Point:\n    def __init__(self, x):\n        self.x = x',
      });
      const result = await withImports.execute({ code: 'print(json.dumps(Point(3).x))' });
      expect(result.stdout).toBe('3\n');
    });

    it('should raise the exceptions LLM code expects (upstream lacks ValueError)', async () => {
      const result = await executor.execute({ code: "raise ValueError('bad value')" });
      expect(result.error).toBe('ValueError: bad value');
    });

    it('should capture stderr separately', async () => {
      const result = await withImports.execute({
        code: "import sys\nprint('out')\nprint('warn', file=sys.stderr)",
      });
      expect(result.stdout).toBe('out\n');
      expect(result.stderr).toBe('warn\n');
    });

    it('should show the last expression like a REPL', async () => {
      const result = await executor.execute({ code: 'a = [1, 2]\na + [3]' });
      expect(result.displayValue).toBe('[1, 2, 3]');
      const none = await executor.execute({ code: 'print("x")' });
      expect(none.displayValue).toBeUndefined();
    });
  });

  describe('globals in and out', () => {
    it('should bind JSON globals before the code runs', async () => {
      const result = await executor.execute({
        code: 'output = {"total": sum(input_data["values"]), "name": input_data["name"]}',
        globals: { input_data: { values: [1, 2, 3], name: 'n' } },
        returnGlobals: ['output'],
      });
      expect(result.globals).toEqual({ output: { total: 6, name: 'n' } });
      expect(result.reprGlobals).toEqual([]);
    });

    it('should convert Python values and flag what JSON cannot hold', async () => {
      const result = await executor.execute({
        code: 'a = (1, None, True, 2.5, "s")\nb = {1, 2}\nc = float("nan")\nd = {"k": object}',
        returnGlobals: ['a', 'b', 'c', 'd', 'missing'],
      });
      expect(result.globals['a']).toEqual([1, null, true, 2.5, 's']);
      expect(result.globals['b']).toBe('{1, 2}');
      expect(result.globals['c']).toBe('nan');
      expect(result.globals['d']).toEqual({ k: "<class 'object'>" });
      expect(result.globals).not.toHaveProperty('missing');
      expect(result.reprGlobals.sort()).toEqual(['b', 'c', 'd']);
    });
  });

  describe('requests and lifecycle', () => {
    it('should run concurrent calls one at a time, in order', async () => {
      await executor.execute({ code: 'n = 0' });
      const calls = Array.from({ length: 20 }, (_, i) =>
        executor.execute({ code: `n += 1\nlast = ${i}` }),
      );
      await Promise.all(calls);
      const result = await executor.execute({ code: 'pass', returnGlobals: ['n', 'last'] });
      expect(result.globals).toEqual({ n: 20, last: 19 });
    });

    it.each([
      ['a name that is not a variable', { code: 'x', globals: { 'not a name': 1 } }, 'globals'],
      ['code that is not a string', { code: 42 }, 'code'],
      ['a negative timeout', { code: 'x', timeoutSeconds: -1 }, 'timeoutSeconds'],
      [
        'a timeout past a Node timer (30 days)',
        { code: 'x', timeoutSeconds: 30 * 86_400 },
        'timeoutSeconds',
      ],
      ['a BigInt', { code: 'x', globals: { n: 10n } }, 'globals.n'],
      [
        'a cycle',
        {
          code: 'x',
          globals: (() => {
            const a: Record<string, unknown> = {};
            a['self'] = a;
            return { a };
          })(),
        },
        'globals.a.self',
      ],
      [
        'a throwing getter',
        {
          code: 'x',
          globals: {
            o: Object.defineProperty({}, 'g', {
              get() {
                throw new Error('boom');
              },
              enumerable: true,
            }),
          },
        },
        'globals.o.g',
      ],
      [
        'deep nesting',
        { code: 'x', globals: { d: JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown } },
        'globals.d',
      ],
      ['a function', { code: 'x', globals: { f: () => 1 } }, 'globals.f'],
      ['NaN', { code: 'x', globals: { v: [1, Number.NaN] } }, 'globals.v[1]'],
      ['a Map', { code: 'x', globals: { m: new Map() } }, 'globals.m'],
      ["upstream's globals_dict", { code: 'x', globals_dict: {} }, 'globals_dict'],
      ['an unknown field', { code: 'x', timeout_ms: 5 }, 'timeout_ms'],
      ['no object at all', 'print(1)', '(request)'],
    ])(
      'should reject %s as a rejected promise with INVALID_REQUEST naming the field',
      async (_name, request, field) => {
        const call = executor.execute(request as unknown as ExecuteRequest);
        await expect(call).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          details: { field: expect.stringContaining(field) as string },
        });
      },
    );

    it('should report a positive duration', async () => {
      const result = await executor.execute({ code: 'x = 1' });
      expect(result.durationMs).toBeGreaterThan(0);
      expect(result.timedOut).toBe(false);
    });

    it('should reject every call after close, and close twice without error', async () => {
      const short = await PythonExecExecutor.create();
      await short.close();
      await short.close();
      await expect(short.execute({ code: 'x = 1' })).rejects.toThrow(PythonExecError);
      await expect(short.execute({ code: 'x = 1' })).rejects.toMatchObject({
        code: 'EXECUTOR_CLOSED',
      });
      await expect(short.reset()).rejects.toMatchObject({ code: 'EXECUTOR_CLOSED' });
    });
  });
});
