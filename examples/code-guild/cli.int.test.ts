import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const bin = join(root, 'packages', 'guild-dsl', 'bin', 'guildkit.mjs');
const spec = join(__dirname, 'guild.yaml');

function guildkit(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, GUILDKIT_FROM_SOURCE: '1' },
    stdio: 'pipe',
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout });
    });
  });
}

describe('guildkit run on the code guild', () => {
  it('should run the demo messages: state kept, blocked import refused', async () => {
    const result = await guildkit([
      'run',
      spec,
      '--send',
      'CodeRequest',
      JSON.stringify({ code: 'values = [3, 1, 4]' }),
      '--send',
      'CodeRequest',
      JSON.stringify({ code: 'output = sum(values)' }),
      '--send',
      'CodeRequest',
      JSON.stringify({ code: 'import subprocess' }),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '● Code Agent (code_agent)  CodeResponse  {"status":"success","output":8}',
    );
    expect(result.stdout).toMatch(/✗ Code Agent[\s\S]*Import of 'subprocess' is not allowed/);
  });

  it('should run typed Python statefully in --interactive mode, tracebacks shown', async () => {
    const session = [
      'x = 5',
      'def times_x(n):',
      '    return n * x',
      '',
      'times_x(3)',
      'print(x + 1)',
      'times_x(1 / 0)',
      'exit()',
    ];
    const result = await guildkit(['run', spec, '--interactive'], `${session.join('\n')}\n`);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('15');
    expect(lines).toContain('6');
    // The ready-made agent sends the traceback; -i shows it as Python would.
    expect(result.stdout).toMatch(
      /Traceback \(most recent call last\):\n {2}File "<cell-\d+>", line 1, in <module>\n[\s\S]*ZeroDivisionError: division by zero/,
    );
  });

  it('should write the output files a CodeRequest asks for to --output-dir and print their paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guildkit-send-files-'));
    try {
      const code = 'import json\nopen("out.json", "w").write(json.dumps({"n": 1}))';
      const result = await guildkit([
        'run',
        spec,
        '--output-dir',
        dir,
        '--send',
        'CodeRequest',
        JSON.stringify({ code, output_files: ['*.json'] }),
      ]);
      expect(result.code).toBe(0);
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{"n": 1}');
      expect(result.stdout).toMatch(/data: "?\[file: .*out\.json\]/);
      expect(result.stdout).not.toContain(Buffer.from('{"n": 1}').toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should write the PNG of a real display() to --output-dir and print its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guildkit-send-png-'));
    try {
      // The example guild with the two standard-library modules a PNG needs whitelisted.
      const pngSpec = join(dir, 'guild.yaml');
      const yaml = readFileSync(spec, 'utf8');
      writeFileSync(
        pngSpec,
        yaml.replace('[math, json, statistics]', '[math, json, zlib, struct]'),
      );
      const code = [
        'import zlib, struct',
        'def chunk(kind, data):',
        "    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))",
        'class Chart:',
        '    def _repr_png_(self):',
        "        rows = b''.join(b'\\x00' + b'\\xff\\x00\\x00' * 3 for _ in range(2))",
        "        return (b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 3, 2, 8, 2, 0, 0, 0))",
        "                + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))",
        '    def _repr_html_(self):',
        "        return '<b>chart</b>'",
        'display(Chart())',
      ].join('\n');
      const out = join(dir, 'out');
      const result = await guildkit([
        'run',
        pngSpec,
        '--output-dir',
        out,
        '--send',
        'CodeRequest',
        JSON.stringify({ code }),
      ]);
      expect(result.code).toBe(0);
      const written = readdirSync(out);
      expect(written).toEqual([expect.stringMatching(/^result-\d+\.png$/)]);
      const png = readFileSync(join(out, written[0]!));
      expect(png.subarray(0, 8)).toEqual(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3, 2]); // IHDR width, height
      expect(result.stdout).toContain(`[image/png: `);
      expect(result.stdout).toContain(written[0]);
      expect(result.stdout).not.toContain(png.toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
