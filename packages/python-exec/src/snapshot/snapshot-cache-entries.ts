import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runtimePaths } from '../sandbox/runtime-paths';
import { cacheDirectory } from './cache-directory';

/** One cached interpreter snapshot (`snapshot-<pyodide>-<hash>.bin` with its `.sha256`). */
export interface SnapshotCacheEntry {
  file: string;
  path: string;
  /** Bytes of the snapshot and its hash record. */
  bytes: number;
  pyodideVersion: string;
  /** When a guild last loaded (or built) it. */
  lastUsed: Date;
  /** False when it was built for another Pyodide version than the installed one. */
  current: boolean;
}

/** What is in the cache directory. */
export interface SnapshotCacheListing {
  directory: string;
  snapshots: SnapshotCacheEntry[];
  /** Downloaded wheels (`packages` from a URL index) and leftover files, in bytes. */
  otherBytes: number;
}

/** What `pruneSnapshotCache`/`clearSnapshotCache` removed. */
export interface SnapshotCacheRemoval {
  removed: string[];
  freedBytes: number;
}

const SNAPSHOT = /^snapshot-(.+)-([0-9a-f]+)\.bin$/;
const DAY_MS = 24 * 3600 * 1000;
/** A `.tmp` file younger than this may be a build in progress. */
const TMP_GRACE_MS = 3600 * 1000;

function sizeOf(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
  } catch {
    return 0;
  }
}

function remove(path: string, into: SnapshotCacheRemoval): void {
  if (!existsSync(path)) return;
  into.freedBytes += sizeOf(path);
  rmSync(path, { recursive: true, force: true });
  into.removed.push(path);
}

/**
 * The snapshots in the cache (`GUILDKIT_CACHE_DIR`, see `cacheDirectory`), most recently used
 * first.
 *
 * @example
 * for (const s of listSnapshotCache().snapshots) console.log(s.file, s.bytes, s.lastUsed);
 */
export function listSnapshotCache(directory = cacheDirectory()): SnapshotCacheListing {
  const installed = runtimePaths().pyodideVersion;
  const snapshots: SnapshotCacheEntry[] = [];
  let otherBytes = 0;
  const names = readdirSync(directory);
  for (const name of names) {
    const path = join(directory, name);
    const match = SNAPSHOT.exec(name);
    const version = match?.[1];
    if (version !== undefined && statSync(path).isFile()) {
      snapshots.push({
        file: name,
        path,
        bytes: sizeOf(path) + sizeOf(`${path}.sha256`),
        pyodideVersion: version,
        lastUsed: statSync(path).mtime,
        current: version === installed,
      });
    } else if (!(name.endsWith('.bin.sha256') && names.includes(name.slice(0, -7)))) {
      otherBytes += sizeOf(path);
    }
  }
  snapshots.sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
  return { directory, snapshots, otherBytes };
}

/**
 * Removes snapshots built for another Pyodide version or unused for `olderThanDays` (default
 * 30), hash records without a snapshot, and stale temporary files. A removed snapshot is built
 * again when a configuration needs it.
 *
 * @example
 * const { removed, freedBytes } = pruneSnapshotCache({ olderThanDays: 7 });
 */
export function pruneSnapshotCache(
  options: { olderThanDays?: number; directory?: string; now?: Date } = {},
): SnapshotCacheRemoval {
  const directory = options.directory ?? cacheDirectory();
  const now = (options.now ?? new Date()).getTime();
  const maxAge = (options.olderThanDays ?? 30) * DAY_MS;
  const result: SnapshotCacheRemoval = { removed: [], freedBytes: 0 };
  for (const entry of listSnapshotCache(directory).snapshots) {
    if (!entry.current || now - entry.lastUsed.getTime() > maxAge) {
      remove(entry.path, result);
      remove(`${entry.path}.sha256`, result);
    }
  }
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    const orphanRecord = name.endsWith('.sha256') && !existsSync(path.slice(0, -7));
    const staleTmp = name.endsWith('.tmp') && now - statSync(path).mtime.getTime() > TMP_GRACE_MS;
    if (orphanRecord || staleTmp) remove(path, result);
  }
  return result;
}

/**
 * Empties the cache: every snapshot and downloaded wheel. Running guilds keep working (they
 * hold their snapshot in memory); the next new configuration builds its snapshot again.
 *
 * @example
 * clearSnapshotCache();
 */
export function clearSnapshotCache(directory = cacheDirectory()): SnapshotCacheRemoval {
  const result: SnapshotCacheRemoval = { removed: [], freedBytes: 0 };
  for (const name of readdirSync(directory)) remove(join(directory, name), result);
  return result;
}
