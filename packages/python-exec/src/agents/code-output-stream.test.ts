import { type CodeOutput } from './code-output';
import { CodeOutputStream, OUTPUT_CHUNK_CHARS, OUTPUT_FLUSH_MS } from './code-output-stream';

function collect(fail: (output: CodeOutput) => boolean = () => false) {
  const sent: CodeOutput[] = [];
  const stream = new CodeOutputStream((output) => {
    if (fail(output)) return Promise.reject(new Error('bus refused'));
    sent.push(output);
    return Promise.resolve();
  });
  return { sent, stream };
}

describe(CodeOutputStream, () => {
  it('should send the first output at once and batch what follows within the window, in order', async () => {
    const { sent, stream } = collect();
    stream.write('stdout', 'a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((o) => o.events)).toEqual([[{ type: 'stdout', text: 'a' }]]);
    stream.write('stdout', 'b');
    stream.write('stdout', 'c');
    stream.write('stderr', 'd');
    stream.result({ isMainResult: false, data: { 'text/plain': '1' } });
    stream.write('stdout', 'e');
    await new Promise((resolve) => setTimeout(resolve, OUTPUT_FLUSH_MS * 3));
    expect(sent.map((o) => o.seq)).toEqual([0, 1]);
    expect(sent[1]!.events).toEqual([
      { type: 'stdout', text: 'bc' },
      { type: 'stderr', text: 'd' },
      { type: 'result', result: { isMainResult: false, data: { 'text/plain': '1' } } },
      { type: 'stdout', text: 'e' },
    ]);
    await stream.finish();
    expect(sent).toHaveLength(2);
  });

  it('should split long output into messages of at most OUTPUT_CHUNK_CHARS, never inside a character', async () => {
    const { sent, stream } = collect();
    const text = `${'x'.repeat(OUTPUT_CHUNK_CHARS - 1)}😀${'y'.repeat(OUTPUT_CHUNK_CHARS)}`;
    stream.write('stdout', text);
    await stream.finish();
    const texts = sent.flatMap((o) => o.events.map((e) => (e.type === 'stdout' ? e.text : '')));
    expect(texts.join('')).toBe(text);
    expect(texts.every((t) => t.length <= OUTPUT_CHUNK_CHARS)).toBe(true);
    expect(texts.every((t) => !/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(t))).toBe(true);
  });

  it('should drop a message the bus refuses and go on with the next', async () => {
    const { sent, stream } = collect((output) => output.seq === 0);
    stream.write('stdout', 'lost');
    await new Promise((resolve) => setImmediate(resolve));
    stream.write('stdout', 'kept');
    await stream.finish();
    expect(sent.map((o) => [o.seq, o.events])).toEqual([[1, [{ type: 'stdout', text: 'kept' }]]]);
  });
});
