import { foldExecution } from '../execution/fold-execution';
import { type ExecutionEvent } from '../execution/execution-result';
import { PythonExecExecutor } from './python-exec-executor';

// Getting results out like a notebook: streamed output, cancellation, files, rich results, stdin
// and upstream's run(), all against real Pyodide in a real sandbox.

// A 1x1 PNG written with the standard library only (zlib + struct), as an object's _repr_png_.
const PNG_CLASS = `import zlib, struct
def _chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
class Dot:
    def __repr__(self):
        return 'Dot()'
    def _repr_png_(self):
        raw = b'\\x00\\xff\\x00\\x00'
        return (b'\\x89PNG\\r\\n\\x1a\\n' + _chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))
                + _chunk(b'IDAT', zlib.compress(raw)) + _chunk(b'IEND', b''))
    def _repr_html_(self):
        return '<b>dot</b>'
`;

describe('notebook-style results', () => {
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create({
      whitelisted_imports: ['time', 'zlib', 'struct', 'os', 'sys'],
      max_result_bytes: 64 * 1024,
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
  });

  it('should stream output to onStdout while the code runs', async () => {
    const started = performance.now();
    const seen: [number, string][] = [];
    const result = await executor.execute({
      code: 'import time\nfor i in range(3):\n    print(i)\n    time.sleep(0.2)',
      onStdout: (text) => seen.push([performance.now() - started, text]),
    });
    const ended = performance.now() - started;
    expect(result.stdout).toBe('0\n1\n2\n');
    expect(seen.map(([, text]) => text).join('')).toBe('0\n1\n2\n');
    expect(seen[0]?.[0]).toBeLessThan(ended - 300);
  });

  it('should stream a burst of stdout and stderr in write order, all of it before the code sleeps', async () => {
    const started = performance.now();
    const events: [number, ExecutionEvent][] = [];
    // A burst faster than the interpreter's batching window, then a long sleep: every line of the
    // burst must arrive, in order across both streams, while the code sleeps.
    const code =
      'import sys, time\nfor i in range(3):\n    print(i)\n    print("e", file=sys.stderr)\ntime.sleep(1.5)';
    for await (const event of executor.stream({ code })) {
      events.push([performance.now() - started, event]);
    }
    const ended = performance.now() - started;
    const output = events.filter(([, e]) => e.type === 'stdout' || e.type === 'stderr');
    const lines = output.flatMap(([, e]) =>
      'text' in e ? e.text.split(/(?<=\n)/).map((text) => `${e.type}:${text}`) : [],
    );
    expect(lines).toEqual(
      ['0', 'e', '1', 'e', '2', 'e'].map((t, i) => `${i % 2 ? 'stderr' : 'stdout'}:${t}\n`),
    );
    for (const [at] of output) expect(at).toBeLessThan(ended - 1000);
  });

  it('should yield events from stream() whose fold is what execute() returns', async () => {
    const code = `${PNG_CLASS}import sys\nprint('out')\nprint('err', file=sys.stderr)\ndisplay(Dot())\n6 * 7`;
    const events: ExecutionEvent[] = [];
    for await (const event of executor.stream({ code })) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['stdout', 'stderr', 'result', 'result', 'end']);
    const direct = await executor.execute({ code });
    expect({ ...foldExecution(events), durationMs: 0 }).toEqual({ ...direct, durationMs: 0 });
    expect(direct.results.map((r) => r.isMainResult)).toEqual([false, true]);
    const png = Buffer.from(direct.results[0]?.data['image/png'] as string, 'base64');
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(direct.results[0]?.data['text/html']).toBe('<b>dot</b>');
    expect(direct.results[1]?.data).toEqual({ 'text/plain': '42' });
  });

  it('should refuse more than 100 rich results in one call', async () => {
    const result = await executor.execute({ code: 'for i in range(101):\n    display(i)' });
    expect(result.exception?.message).toContain('at most 100 results');
  });

  describe('cancellation', () => {
    beforeEach(async () => {
      await executor.execute({ code: 'kept = 1' });
    });

    it('should interrupt running code on abort and keep the state', async () => {
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 200);
      const result = await executor.execute({
        code: 'while True:\n    pass',
        signal: controller.signal,
      });
      expect(result).toMatchObject({ cancelled: true, timedOut: false, stateReset: false });
      expect(result.exception?.type).toBe('ExecutionCancelled');
      const after = await executor.execute({ code: 'kept', returnGlobals: ['kept'] });
      expect(after.globals['kept']).toBe(1);
    });

    it('should end a stream() with a cancelled result when its signal aborts, keeping the state', async () => {
      const controller = new AbortController();
      const events: ExecutionEvent[] = [];
      const stream = executor.stream({
        code: 'streamed = 3\nprint("started", flush=True)\nwhile True:\n    pass',
        signal: controller.signal,
      });
      for await (const event of stream) {
        events.push(event);
        // Abort from inside the loop, once the code is known to be running.
        if (event.type === 'stdout') controller.abort();
      }
      expect(events.map((e) => e.type)).toEqual(['stdout', 'end']);
      const end = events[1];
      expect(end?.type === 'end' && end.result).toMatchObject({
        cancelled: true,
        timedOut: false,
        stateReset: false,
        exitCode: -1,
        exception: { type: 'ExecutionCancelled' },
      });
      expect(foldExecution(events).stdout).toBe('started\n');
      const after = await executor.execute({ code: 'streamed', returnGlobals: ['streamed'] });
      expect(after.globals['streamed']).toBe(3);
    });

    it('should kill code that ignores the interrupt after the grace, saying state is lost', async () => {
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 200);
      const result = await executor.execute({
        code: 'import time\ntime.sleep(30)',
        signal: controller.signal,
      });
      expect(result).toMatchObject({ cancelled: true, stateReset: true });
      expect(result.durationMs).toBeLessThan(5000);
    });

    it('should not run a call whose signal is already aborted', async () => {
      const result = await executor.execute({ code: 'kept = 2', signal: AbortSignal.abort() });
      expect(result.cancelled).toBe(true);
      const after = await executor.execute({ code: 'kept', returnGlobals: ['kept'] });
      expect(after.globals['kept']).toBe(1);
    });
  });

  describe('files', () => {
    it('should write request files, let code use them, and return output files by pattern', async () => {
      const result = await executor.execute({
        files: { 'data.csv': 'a,b\n1,2\n', 'raw.bin': new Uint8Array([0, 1, 2, 255]) },
        code: [
          'import os',
          'rows = open("data.csv").read().splitlines()',
          'os.makedirs("out", exist_ok=True)',
          'open("out/report.txt", "w").write(f"{len(rows)} rows")',
          'open("out/raw.copy", "wb").write(open("raw.bin", "rb").read())',
          'open("out/skip.log", "w").write("no")',
        ].join('\n'),
        outputFiles: ['out/*.txt', 'out/raw.*'],
      });
      expect(result.error).toBeUndefined();
      expect(result.outputFiles.map((f) => f.path)).toEqual(['out/raw.copy', 'out/report.txt']);
      expect(Buffer.from(result.outputFiles[1]!.bytes).toString()).toBe('2 rows');
      expect([...result.outputFiles[0]!.bytes]).toEqual([0, 1, 2, 255]);
    });

    it('should keep files across calls and offer read, write, list and remove', async () => {
      await executor.files.write('notes/a.txt', 'alpha');
      await executor.execute({ code: 'open("notes/b.txt", "w").write("beta")' });
      expect(Buffer.from(await executor.files.read('notes/b.txt')).toString()).toBe('beta');
      expect(await executor.files.list('notes')).toEqual([
        { path: 'notes/a.txt', size: 5 },
        { path: 'notes/b.txt', size: 4 },
      ]);
      await executor.files.remove('notes/a.txt');
      expect((await executor.files.list('notes')).map((f) => f.path)).toEqual(['notes/b.txt']);
      await expect(executor.files.read('notes/a.txt')).rejects.toMatchObject({
        code: 'FILE_ERROR',
      });
    });

    it.each([
      ['../escape.txt', 'a parent directory'],
      ['/etc/passwd', 'an absolute path'],
      ['a\0b', 'a NUL byte'],
    ])('should refuse %s (%s) in every file API', async (path) => {
      await expect(executor.files.read(path)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(executor.files.write(path, 'x')).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
      await expect(executor.execute({ code: '', outputFiles: [path] })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    });

    it('should not follow a symbolic link out of the home directory', async () => {
      await executor.execute({ code: 'import os\nos.symlink("/lib", "lib-link")' });
      await expect(executor.files.read('lib-link/python3.14/os.py')).rejects.toMatchObject({
        code: 'FILE_ERROR',
      });
      await expect(executor.files.write('lib-link/evil.py', 'x')).rejects.toMatchObject({
        code: 'FILE_ERROR',
      });
      const opened = await executor.execute({ code: 'open("lib-link/python3.14/os.py")' });
      expect(opened.exception?.type).toBe('PermissionError');
    });

    it('should refuse output files over max_result_bytes', async () => {
      const result = await executor.execute({
        code: 'open("big.bin", "wb").write(b"x" * 100_000)',
        outputFiles: ['big.bin'],
      });
      expect(result.exception?.type).toBe('ResultTooLarge');
    });
  });

  it('should feed input() and sys.stdin from stdin, then raise EOFError', async () => {
    const result = await executor.execute({
      code: [
        'import sys',
        'name = input("name? ")',
        'rest = sys.stdin.readline().strip()',
        'try:',
        '    input()',
        'except EOFError as e:',
        '    eof = str(e)',
      ].join('\n'),
      stdin: 'Ada\nLovelace\n',
      returnGlobals: ['name', 'rest', 'eof'],
    });
    expect(result.globals).toMatchObject({ name: 'Ada', rest: 'Lovelace' });
    expect(result.globals['eof']).toContain('stdin is used up');
    expect(result.stdout).toBe('name? ');
  });
});
