import { clearSnapshotCache, listSnapshotCache, pruneSnapshotCache } from '@guildkit/python-exec';
import { type CacheCommand } from './cli-command';
import { type CliIO } from './cli-io';

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/**
 * `guildkit cache ls|prune|clear`: the Python snapshot cache (one ~30 MB interpreter image per
 * executor configuration, under `GUILDKIT_CACHE_DIR`).
 *
 * @example
 * await cacheCommand({ command: 'cache', action: 'prune', olderThanDays: 7 }, io);
 */
export function cacheCommand(command: CacheCommand, io: CliIO): number {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  if (command.action === 'ls') {
    const listing = listSnapshotCache();
    for (const s of listing.snapshots) {
      const note = s.current
        ? ''
        : `  (Pyodide ${s.pyodideVersion}, not installed: prune removes it)`;
      out(
        `${s.file}  ${megabytes(s.bytes).padStart(9)}  last used ${s.lastUsed.toISOString()}${note}`,
      );
    }
    const total = listing.snapshots.reduce((sum, s) => sum + s.bytes, 0) + listing.otherBytes;
    const other =
      listing.otherBytes > 0 ? ` (${megabytes(listing.otherBytes)} wheels and other files)` : '';
    out(
      `${listing.snapshots.length} snapshot(s), ${megabytes(total)} in total${other}, in ${listing.directory}`,
    );
    return 0;
  }
  const result =
    command.action === 'clear'
      ? clearSnapshotCache()
      : pruneSnapshotCache({ olderThanDays: command.olderThanDays });
  for (const path of result.removed) out(`removed ${path}`);
  out(`${result.removed.length} file(s) removed, ${megabytes(result.freedBytes)} freed`);
  return 0;
}
