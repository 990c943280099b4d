import { PythonExecExecutor } from './python-exec-executor';

// Upstream's run() API (rustic_ai ... code_execution/stateful: CodeExecutor.run, ExecutionResult),
// with upstream's test_python_exec_executor.py and test_docker_executor.py cases that apply,
// against real Pyodide in a real sandbox.

describe("upstream's run()", () => {
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create({
      // Shorter than a test's sleep, to tell upstream's 60 s run() default from this setting.
      timeout_seconds: 1,
      whitelisted_imports: ['math', 'json', 'time'],
      default_imports: { m: 'math', json_lib: 'json' },
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
  });

  it('should run a snippet, echo it as inputSnippet and keep state for the next run', async () => {
    const snippet = { language: 'python', code: 'x = 1 + 2\nprint(f"Result: {x}")' };
    const result = await executor.run(snippet);
    expect(result).toEqual({
      inputSnippet: snippet,
      stdout: 'Result: 3\n',
      stderr: '',
      exitCode: 0,
      exception: null,
      outputFiles: {},
      timedOut: false,
      durationSeconds: expect.any(Number) as number,
    });
    const again = await executor.run({ language: 'python', code: 'print(x)' });
    expect(again).toMatchObject({ exitCode: 0, stdout: '3\n' });
  });

  it('should report a raised exception with exitCode -1 and keep what was printed before it', async () => {
    const divided = await executor.run({ language: 'python', code: '1/0' });
    expect(divided.exitCode).toBe(-1);
    expect(divided.exception).toMatchObject({ type: 'ZeroDivisionError' });
    expect(divided.exception?.message).toContain('division by zero');

    const syntax = await executor.run({ language: 'python', code: "if True print('invalid')" });
    expect(syntax).toMatchObject({ exitCode: -1, exception: { type: 'SyntaxError' } });

    const printed = await executor.run({
      language: 'python',
      code: "print('to stdout')\nraise Exception('to stderr')",
    });
    expect(printed.stdout).toContain('to stdout');
    expect(printed).toMatchObject({ exitCode: -1, exception: { type: 'Exception' } });
    expect(printed.exception?.message).toContain('to stderr');
  });

  it('should write input files and return output files, skipping those that do not exist', async () => {
    const result = await executor.run(
      {
        language: 'python',
        code: "content = open('input.txt').read()\nopen('output.txt', 'w').write(content.upper())",
      },
      { inputFiles: { 'input.txt': 'hello world' }, outputFilenames: ['output.txt', 'none.txt'] },
    );
    expect(result.exitCode).toBe(0);
    expect(Object.keys(result.outputFiles)).toEqual(['output.txt']);
    expect(Buffer.from(result.outputFiles['output.txt']!).toString()).toBe('HELLO WORLD');
  });

  it('should return the output files written before the code raised', async () => {
    const result = await executor.run(
      { language: 'python', code: "open('part.txt', 'w').write('half')\nraise ValueError('Boom')" },
      { outputFilenames: ['part.txt'] },
    );
    expect(result).toMatchObject({ exitCode: -1, exception: { type: 'ValueError' } });
    expect(Buffer.from(result.outputFiles['part.txt'] ?? []).toString()).toBe('half');
  });

  it('should time out with timedOut, exitCode -1 and the files written before, keeping state', async () => {
    await executor.run({ language: 'python', code: 'kept = 7' });
    const result = await executor.run(
      {
        language: 'python',
        code: "import time\nopen('early.txt', 'w').write('early')\nwhile True: time.sleep(0.01)",
      },
      { timeoutSeconds: 0.5, outputFilenames: ['early.txt'] },
    );
    expect(result).toMatchObject({
      timedOut: true,
      exitCode: -1,
      exception: { type: 'TimeoutError' },
    });
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.5);
    expect(Buffer.from(result.outputFiles['early.txt'] ?? []).toString()).toBe('early');
    expect((await executor.run({ language: 'python', code: 'print(kept)' })).stdout).toBe('7\n');
  });

  it("should default to upstream's 60 s timeout, and to the executor's timeout_seconds for null", async () => {
    const code = 'import time\ntime.sleep(1.3)';
    const upstreamDefault = await executor.run({ language: 'python', code });
    expect(upstreamDefault).toMatchObject({ exitCode: 0, timedOut: false });
    const configured = await executor.run({ language: 'python', code }, { timeoutSeconds: null });
    expect(configured).toMatchObject({ exitCode: -1, timedOut: true });
  });

  it.each(['javascript', 'Python', 'py', ' python'])(
    "should refuse language '%s' as upstream's validator does (exact match)",
    async (language) => {
      await expect(executor.run({ language, code: '1' })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringContaining(`Unsupported language: ${language}.`) as string,
      });
    },
  );

  it('should allow whitelisted imports, bind default imports and refuse other imports', async () => {
    const allowed = await executor.run({
      language: 'python',
      code: 'from math import sqrt\nprint(sqrt(16))\nprint(m.pi)\nprint(json_lib.dumps([1,2,3]))',
    });
    expect(allowed).toMatchObject({ exitCode: 0, stderr: '', exception: null });
    expect(allowed.stdout).toBe('4.0\n3.141592653589793\n[1, 2, 3]\n');
    const refused = await executor.run({ language: 'python', code: 'import sys' });
    expect(refused.exitCode).toBe(-1);
    expect(refused.exception?.message).toContain('sys');
  });
});
