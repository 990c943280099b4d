import { type Redis } from 'ioredis';
import { type RedisKeys } from './redis-keys';
import { parsePairs } from './stream-replies';

/** Snapshots taken while topics get their first group, before the streams known are counted. */
const SNAPSHOT_TRIES = 5;

/**
 * Deliveries of a namespace not yet acknowledged: over every consumer group of every topic
 * stream, the entries read but not acknowledged (`pending`) plus those not yet read (`lag`).
 *
 * The groups of all streams are read in one MULTI, so the count is one instant of the bus. Read
 * one stream at a time, a message could be missed in flight: its reply added to a stream already
 * counted, then the request acknowledged on one counted next, and the sum says 0 while the reply
 * waits (a guild's `idle()` then returns too early). A processor acknowledges only after what it
 * sent is added, so at any one instant a chain of messages still running shows in some count.
 * Redis 7 reports `lag`; where it cannot (6.2, or after trimming) the unread entries are counted
 * with `XRANGE` after the snapshot.
 */
export async function countOutstanding(cmd: Redis, keys: RedisKeys): Promise<number> {
  let streams = await cmd.smembers(keys.streams());
  for (let tries = 1; ; tries += 1) {
    const snapshot = cmd.multi().smembers(keys.streams());
    for (const stream of streams) snapshot.xinfo('GROUPS', stream);
    const [[, members], ...groupReplies] = ((await snapshot.exec()) ?? []) as [
      [Error | null, unknown],
      ...[Error | null, unknown][],
    ];
    const now = Array.isArray(members) ? (members as string[]) : [];
    const unchanged = now.length === streams.length && now.every((s) => streams.includes(s));
    if (unchanged || tries >= SNAPSHOT_TRIES) {
      return sumGroups(cmd, streams, groupReplies);
    }
    streams = now; // a topic got its first group meanwhile: take the snapshot again
  }
}

async function sumGroups(
  cmd: Redis,
  streams: string[],
  replies: [Error | null, unknown][],
): Promise<number> {
  let total = 0;
  for (const [index, [error, groups]] of replies.entries()) {
    // An error: the stream is gone (deleted namespace).
    if (error !== null || !Array.isArray(groups)) continue;
    for (const raw of groups) {
      const group = parsePairs(raw);
      const pending = Number(group['pending'] ?? 0);
      const lag = group['lag'];
      if (typeof lag === 'number') {
        total += pending + lag;
        continue;
      }
      const last = group['last-delivered-id'];
      const from = `(${typeof last === 'string' ? last : '0-0'}`;
      const unread = await cmd.xrange(streams[index] ?? '', from, '+');
      total += pending + unread.length;
    }
  }
  return total;
}
