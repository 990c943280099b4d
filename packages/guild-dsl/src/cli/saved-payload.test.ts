import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { savedPayload } from './saved-payload';

const dir = mkdtempSync(join(tmpdir(), 'guildkit-saved-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(savedPayload, () => {
  it('should write images and output files, and print their paths instead of their base64', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const payload = {
      status: 'success',
      results: [
        { isMainResult: false, data: { 'text/plain': 'C', 'image/png': png.toString('base64') } },
      ],
      output_files: [{ path: 'r.csv', size: 3, data: Buffer.from('a,b').toString('base64') }],
    };
    const shown = savedPayload(payload, dir, new Map());
    const image = /^\[image\/png: (.+)\]$/.exec(
      (shown['results'] as { data: Record<string, string> }[])[0]!.data['image/png']!,
    );
    expect(readFileSync(image![1]!)).toEqual(png);
    expect(shown['output_files']).toEqual([
      { path: 'r.csv', size: 3, data: expect.stringMatching(/^\[file: .*r\.csv\]$/) as string },
    ]);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe('a,b');
  });

  it('should leave other payloads as they are', () => {
    const payload = { status: 'success', output: 1 };
    expect(savedPayload(payload, dir, new Map())).toBe(payload);
  });
});
