import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirectory } from './cache-directory';

describe(cacheDirectory, () => {
  const saved = process.env['GUILDKIT_CACHE_DIR'];
  const scratch = mkdtempSync(join(tmpdir(), 'guildkit-cache-test-'));

  afterAll(() => {
    if (saved === undefined) delete process.env['GUILDKIT_CACHE_DIR'];
    else process.env['GUILDKIT_CACHE_DIR'] = saved;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('should create python-exec/ under GUILDKIT_CACHE_DIR', () => {
    process.env['GUILDKIT_CACHE_DIR'] = join(scratch, 'cache');
    expect(cacheDirectory()).toBe(join(scratch, 'cache', 'python-exec'));
  });

  it('should say how to fix an unusable directory', () => {
    const file = join(scratch, 'not-a-directory');
    writeFileSync(file, '');
    process.env['GUILDKIT_CACHE_DIR'] = file;
    expect(() => cacheDirectory()).toThrow(/Set GUILDKIT_CACHE_DIR to a writable directory/);
  });
});
