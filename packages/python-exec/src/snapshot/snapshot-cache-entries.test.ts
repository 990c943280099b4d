import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimePaths } from '../sandbox/runtime-paths';
import {
  clearSnapshotCache,
  listSnapshotCache,
  pruneSnapshotCache,
} from './snapshot-cache-entries';

const DAY_MS = 24 * 3600 * 1000;
const now = new Date('2026-06-01T00:00:00Z');
const installed = runtimePaths().pyodideVersion;

function age(path: string, days: number): void {
  const when = new Date(now.getTime() - days * DAY_MS);
  utimesSync(path, when, when);
}

describe('snapshot cache management', () => {
  let dir: string;

  function snapshot(version: string, hash: string, daysAgo: number): string {
    const file = `snapshot-${version}-${hash}.bin`;
    writeFileSync(join(dir, file), Buffer.alloc(1000));
    writeFileSync(join(dir, `${file}.sha256`), 'x'.repeat(65));
    age(join(dir, file), daysAgo);
    return file;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guildkit-cache-entries-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should list snapshots most recently used first, marking other Pyodide versions', () => {
    const old = snapshot(installed, 'aaaa', 10);
    const recent = snapshot(installed, 'bbbb', 1);
    const foreign = snapshot('0.1.0', 'cccc', 0);
    mkdirSync(join(dir, 'wheels'));
    writeFileSync(join(dir, 'wheels', 'w.whl'), Buffer.alloc(500));
    const listing = listSnapshotCache(dir);
    expect(listing.snapshots.map((s) => [s.file, s.current, s.bytes])).toEqual([
      [foreign, false, 1065],
      [recent, true, 1065],
      [old, true, 1065],
    ]);
    expect(listing.otherBytes).toBe(500);
  });

  it('should prune other versions, unused snapshots, orphan records and stale temp files', () => {
    const kept = snapshot(installed, 'aaaa', 3);
    snapshot(installed, 'bbbb', 40);
    snapshot('0.1.0', 'cccc', 0);
    writeFileSync(join(dir, 'snapshot-x-dddd.bin.sha256'), 'orphan');
    writeFileSync(join(dir, 'snapshot-y.bin.1.tmp'), 'stale');
    age(join(dir, 'snapshot-y.bin.1.tmp'), 1);
    writeFileSync(join(dir, 'snapshot-z.bin.2.tmp'), 'a build in progress');
    age(join(dir, 'snapshot-z.bin.2.tmp'), 0);
    const result = pruneSnapshotCache({ directory: dir, now });
    expect(readdirSync(dir).sort()).toEqual([kept, `${kept}.sha256`, 'snapshot-z.bin.2.tmp']);
    expect(result.removed).toHaveLength(6);
    expect(result.freedBytes).toBe(2 * 1065 + 'orphan'.length + 'stale'.length);
    expect(pruneSnapshotCache({ directory: dir, now, olderThanDays: 1 }).removed).toHaveLength(2);
  });

  it('should clear everything, wheels included', () => {
    snapshot(installed, 'aaaa', 0);
    mkdirSync(join(dir, 'wheels'));
    writeFileSync(join(dir, 'wheels', 'w.whl'), Buffer.alloc(500));
    expect(clearSnapshotCache(dir).freedBytes).toBe(1565);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
