import { type Redis } from 'ioredis';
import { type RedisKeys } from './redis-keys';
import { parsePairs } from './stream-replies';

/**
 * Deliveries of a namespace not yet acknowledged: over every consumer group of every topic
 * stream, the entries read but not acknowledged (`pending`) plus those not yet read (`lag`).
 * Redis 7 reports `lag`; where it cannot (6.2, or after trimming) the unread entries are
 * counted with `XRANGE`.
 */
export async function countOutstanding(cmd: Redis, keys: RedisKeys): Promise<number> {
  const streams = await cmd.smembers(keys.streams());
  let total = 0;
  for (const stream of streams) {
    let groups: unknown;
    try {
      groups = await cmd.call('XINFO', 'GROUPS', stream);
    } catch {
      continue; // the stream is gone (deleted namespace)
    }
    if (!Array.isArray(groups)) continue;
    for (const raw of groups) {
      const group = parsePairs(raw);
      const pending = Number(group['pending'] ?? 0);
      const lag = group['lag'];
      if (typeof lag === 'number') {
        total += pending + lag;
        continue;
      }
      const last = group['last-delivered-id'];
      const unread = await cmd.xrange(stream, `(${typeof last === 'string' ? last : '0-0'}`, '+');
      total += pending + unread.length;
    }
  }
  return total;
}
