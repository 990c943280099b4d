import { type Redis } from 'ioredis';
import { parsePairs } from './stream-replies';

/**
 * Deletes consumers of `group` on `stream` that hold nothing and have not read for
 * `idleMs`: the names processes that exited left behind (each process reads under a new
 * name). Deleting a consumer with no pending entries loses nothing; one still alive is
 * recreated by its next read. Returns how many were deleted.
 */
export async function pruneConsumers(
  cmd: Redis,
  target: { stream: string; group: string; self: string },
  idleMs: number,
): Promise<number> {
  const raw = await cmd.call('XINFO', 'CONSUMERS', target.stream, target.group);
  if (!Array.isArray(raw)) return 0;
  let deleted = 0;
  for (const entry of raw) {
    const consumer = parsePairs(entry);
    const name = consumer['name'];
    if (typeof name !== 'string' || name === target.self) continue;
    if (Number(consumer['pending']) !== 0 || Number(consumer['idle']) < idleMs) continue;
    await cmd.xgroup('DELCONSUMER', target.stream, target.group, name);
    deleted += 1;
  }
  return deleted;
}
