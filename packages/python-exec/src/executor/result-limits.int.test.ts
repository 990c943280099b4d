import { PythonExecExecutor } from './python-exec-executor';
import { type ExecutionEvent, type RichResult } from '../execution/execution-result';

// What leaves an interpreter in one call is bounded the same way streamed or not, and going past
// a bound is the call's exception with the agent's state intact, never a lost sandbox.
const MiB = 2 ** 20;

const bigImage = (bytes: number) => `class Big:
    def __repr__(self):
        return 'Big()'
    def _repr_png_(self):
        return b'\\x89PNG' + b'x' * ${Math.round(bytes)}
`;

// A stand-in for matplotlib.pyplot (the runtime finds it in sys.modules): figures whose savefig
// writes a few bytes, so figure collection runs without the real package.
const stubPyplot = `import sys
class Figure:
    def __init__(self, number):
        self.number = number
    def savefig(self, buffer, format):
        buffer.write(b'\\x89PNG figure %d' % self.number)
class Pyplot:
    def __init__(self):
        self.figures = {}
    def figure(self, number=None):
        number = number or max(self.figures, default=0) + 1
        return self.figures.setdefault(number, Figure(number))
    def get_fignums(self):
        return sorted(self.figures)
    def close(self, which):
        self.figures.clear()
plt = Pyplot()
sys.modules['matplotlib.pyplot'] = plt
`;

describe('result limits', () => {
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    executor = await PythonExecExecutor.create({
      whitelisted_imports: ['sys'],
      max_result_bytes: MiB,
      max_output_bytes: 4096,
    });
  }, 60_000);

  afterAll(async () => {
    await executor.close();
  });

  beforeEach(async () => {
    await executor.execute({ code: 'secret = "kept"' });
  });

  async function expectStateKept() {
    const after = await executor.execute({ code: 'pass', returnGlobals: ['secret'] });
    expect(after).toMatchObject({ success: true, stateReset: false, globals: { secret: 'kept' } });
  }

  it('should stream at most 100 results per call, as it returns at most 100', async () => {
    const streamed: RichResult[] = [];
    const result = await executor.execute({
      code: 'for i in range(150):\n    display(i)',
      onResult: (r) => streamed.push(r),
    });
    expect(streamed).toHaveLength(100);
    expect(result).toMatchObject({ success: false, stateReset: false });
    expect(result.exception?.message).toContain('at most 100 results');
    await expectStateKept();
  });

  it('should refuse a streamed result over max_result_bytes with ResultTooLarge', async () => {
    const events: ExecutionEvent[] = [];
    const code = `${bigImage(1.2 * MiB)}display('small')\ndisplay(Big())`;
    for await (const event of executor.stream({ code })) events.push(event);
    const end = events.at(-1);
    expect(end?.type).toBe('end');
    if (end?.type !== 'end') return;
    expect(end.result).toMatchObject({ success: false, stateReset: false });
    expect(end.result.exception?.type).toBe('ResultTooLarge');
    expect(end.result.exception?.message).toMatch(/a result of \d+ bytes exceeds max_result_bytes/);
    expect(events.filter((e) => e.type === 'result')).toHaveLength(1);
    const fits = await executor.execute({
      code: `${bigImage(0.5 * MiB)}display(Big())`,
      onResult: () => undefined,
    });
    expect(fits).toMatchObject({ success: true, stateReset: false });
    expect(fits.results[0]?.data['image/png']).toHaveLength(
      Math.ceil((4 + Math.round(0.5 * MiB)) / 3) * 4,
    );
    await expectStateKept();
  });

  it('should count returned globals and output files against one max_result_bytes', async () => {
    const result = await executor.execute({
      code: "s = 'a' * 900_000\nwith open('f.bin', 'wb') as f:\n    f.write(b'b' * 900_000)",
      returnGlobals: ['s'],
      outputFiles: ['f.bin'],
    });
    expect(result).toMatchObject({ success: false, stateReset: false, outputFiles: [] });
    expect(result.exception?.type).toBe('ResultTooLarge');
    expect(result.error).toMatch(
      /output files of 900000 bytes with returned globals and results of 9000\d\d bytes exceed max_result_bytes \(1048576\)/,
    );
    const each = await executor.execute({ code: 'pass', outputFiles: ['f.bin'] });
    expect(each.outputFiles[0]?.bytes).toHaveLength(900_000);
    await expectStateKept();
  });

  it('should cut an exception message of megabytes so the result still arrives', async () => {
    const result = await executor.execute({ code: "raise ValueError('x' * 3_000_000)" });
    expect(result).toMatchObject({ success: false, stateReset: false });
    expect(result.exception?.type).toBe('ValueError');
    expect(result.exception?.message.length).toBeLessThan(2100);
    expect(result.exception?.message).toContain('characters cut]');
    await expectStateKept();
  });

  it('should close figures a failed call left open instead of showing them in the next', async () => {
    const failed = await executor.execute({
      code: `${stubPyplot}plt.figure()\nraise ValueError('after plotting')`,
    });
    expect(failed.exception?.type).toBe('ValueError');
    const next = await executor.execute({ code: '1 + 1' });
    expect(next.results.map((r) => Object.keys(r.data))).toEqual([['text/plain']]);
    const shown = await executor.execute({ code: 'plt.figure()\nplt.figure()\nNone' });
    expect(shown.results.map((r) => r.data['text/plain'])).toEqual(['<Figure>', '<Figure>']);
    await expectStateKept();
  });
});
