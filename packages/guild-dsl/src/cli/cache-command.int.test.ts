import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../__tests__/run-cli';

jest.setTimeout(240_000);

describe('guildkit cache', () => {
  const saved = process.env['GUILDKIT_CACHE_DIR'];
  const root = mkdtempSync(join(tmpdir(), 'guildkit-cache-cli-'));
  const dir = join(root, 'python-exec');
  const foreign = 'snapshot-0.0.1-abcdef.bin';

  beforeAll(() => {
    process.env['GUILDKIT_CACHE_DIR'] = root;
    mkdirSync(join(dir, 'wheels'), { recursive: true });
    writeFileSync(join(dir, foreign), Buffer.alloc(2 * 2 ** 20));
    writeFileSync(join(dir, `${foreign}.sha256`), 'x');
    writeFileSync(join(dir, 'wheels', 'pkg.whl'), Buffer.alloc(2 ** 20));
  });

  afterAll(() => {
    if (saved === undefined) delete process.env['GUILDKIT_CACHE_DIR'];
    else process.env['GUILDKIT_CACHE_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });

  it('should list, prune and clear the snapshot cache', async () => {
    const ls = await runCli(['cache', 'ls']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain(`${foreign}     2.0 MB  last used `);
    expect(ls.stdout).toContain('(Pyodide 0.0.1, not installed: prune removes it)');
    expect(ls.stdout).toContain(
      `1 snapshot(s), 3.0 MB in total (1.0 MB wheels and other files), in ${dir}`,
    );

    const prune = await runCli(['cache', 'prune', '--older-than', '7']);
    expect(prune.stdout).toContain(`removed ${join(dir, foreign)}`);
    expect(prune.stdout).toContain('2 file(s) removed, 2.0 MB freed');
    expect(readdirSync(dir)).toEqual(['wheels']);

    const clear = await runCli(['cache', 'clear']);
    expect(clear.stdout).toContain('1 file(s) removed, 1.0 MB freed');
    expect(existsSync(join(dir, 'wheels'))).toBe(false);
  });

  it('should name the actions when none is given', async () => {
    const result = await runCli(['cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cache needs an action: ls, prune or clear');
  });
});

describe('guildkit run with an empty cache', () => {
  const saved = process.env['GUILDKIT_CACHE_DIR'];
  const root = mkdtempSync(join(tmpdir(), 'guildkit-first-run-'));
  const spec = join(__dirname, '..', '..', '..', '..', 'examples', 'code-guild', 'guild.yaml');
  const send = ['--send', 'CodeRequest', '{"code": "output = 6 * 7"}'];

  afterAll(() => {
    if (saved === undefined) delete process.env['GUILDKIT_CACHE_DIR'];
    else process.env['GUILDKIT_CACHE_DIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });

  it('should say it builds the Python image on the first run only', async () => {
    process.env['GUILDKIT_CACHE_DIR'] = root;
    const first = await runCli(['run', spec, ...send]);
    expect(first.stdout).toContain('"output":42');
    expect(first.stderr).toContain(
      'guildkit: Building the Python image for this configuration (first run only',
    );
    const second = await runCli(['run', spec, ...send]);
    expect(second.stdout).toContain('"output":42');
    expect(second.stderr).not.toContain('Building the Python image');
    expect((await runCli(['cache', 'ls'])).stdout).toContain('1 snapshot(s)');
  });
});
