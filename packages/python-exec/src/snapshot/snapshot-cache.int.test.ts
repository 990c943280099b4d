import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onSnapshotBuild, type SnapshotBuildEvent } from './snapshot-build-events';
import { ensureSnapshot, readCachedSnapshot, type Snapshot } from './snapshot-cache';

// Cached snapshots are checked every time they are read: a regular file whose content matches its
// recorded hash, or it is removed with a warning and rebuilt.
describe('the snapshot cache', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'guildkit-snapshots-'));
  const recipe = { defaultImports: {}, preImports: ['json'], wheels: [] };
  const emitWarning = jest.spyOn(process, 'emitWarning');
  let built: Snapshot;
  const builds: SnapshotBuildEvent[] = [];
  const stopListening = onSnapshotBuild((event) => builds.push(event));

  function rebuiltWarnings(): number {
    return emitWarning.mock.calls.filter(
      ([, options]) =>
        typeof options === 'object' &&
        (options as { code?: string }).code === 'GUILDKIT_SNAPSHOT_REBUILT',
    ).length;
  }

  beforeAll(async () => {
    built = await ensureSnapshot(recipe, cacheDir);
  }, 120_000);

  afterAll(() => {
    stopListening();
    emitWarning.mockRestore();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('should write the snapshot with a hash record and read it back checked', async () => {
    expect(readFileSync(`${built.path}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = await ensureSnapshot(recipe, cacheDir);
    expect(again.path).toBe(built.path);
    expect(again.bytes.equals(built.bytes)).toBe(true);
    expect(rebuiltWarnings()).toBe(0);
    // One build announced (what the CLI shows as "building the Python image"), none for the read.
    expect(builds).toEqual([
      { phase: 'start', path: built.path },
      { phase: 'end', path: built.path, ok: true },
    ]);
  });

  it('should detect a tampered snapshot and rebuild it with a warning', async () => {
    const tampered = Buffer.from(built.bytes);
    const middle = tampered.length >> 1;
    tampered[middle] = (tampered[middle] ?? 0) ^ 0xff;
    writeFileSync(built.path, tampered);
    const rebuilt = await ensureSnapshot(recipe, cacheDir);
    expect(rebuiltWarnings()).toBe(1);
    expect(rebuilt.bytes.equals(tampered)).toBe(false);
    expect(readCachedSnapshot(built.path)?.bytes.length).toBe(rebuilt.bytes.length);
  }, 120_000);

  describe.each([
    ['a Unix socket squatting the path', 'socket'],
    ['a symbolic link', 'symlink'],
    ['a FIFO', 'fifo'],
    ['a directory', 'directory'],
  ])('when the entry is %s', (_name, kind) => {
    const dir = join(cacheDir, `squat-${kind}`);
    const path = join(dir, 'snapshot.bin');

    beforeAll(async () => {
      mkdirSync(dir, { recursive: true });
      copyFileSync(`${built.path}.sha256`, `${path}.sha256`);
      if (kind === 'socket') {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(path, resolve));
        server.unref();
      } else if (kind === 'symlink') {
        copyFileSync(built.path, join(dir, 'elsewhere.bin'));
        symlinkSync(join(dir, 'elsewhere.bin'), path);
      } else if (kind === 'fifo') {
        execFileSync('mkfifo', [path]);
      } else {
        mkdirSync(path);
      }
    });

    it('should refuse it at once, remove it and warn', () => {
      const before = rebuiltWarnings();
      expect(readCachedSnapshot(path)).toBeUndefined();
      expect(existsSync(path)).toBe(false);
      expect(rebuiltWarnings()).toBe(before + 1);
    });
  });
});
