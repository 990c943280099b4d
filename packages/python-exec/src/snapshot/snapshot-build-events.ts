import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';

/** A snapshot build starting or ending (`ensureSnapshot` builds once per configuration). */
export interface SnapshotBuildEvent {
  phase: 'start' | 'end';
  /** The cache file being built. */
  path: string;
  /** `end` only: whether a snapshot came out. */
  ok?: boolean;
}

// A diagnostics channel is found by name, so a listener hears builds from any copy of the package.
const CHANNEL = 'guildkit:python-exec:snapshot-build';
const builds = channel(CHANNEL);

/**
 * Calls `listener` when an interpreter snapshot build starts and ends: the slow first run of a
 * configuration (tens of seconds), worth telling a user about. Returns the unsubscribe function.
 *
 * @example
 * const stop = onSnapshotBuild((e) => e.phase === 'start' && console.error('building the Python image…'));
 */
export function onSnapshotBuild(listener: (event: SnapshotBuildEvent) => void): () => void {
  const handler = (message: unknown) => {
    listener(message as SnapshotBuildEvent);
  };
  subscribe(CHANNEL, handler);
  return () => {
    unsubscribe(CHANNEL, handler);
  };
}

/** @internal */
export function publishSnapshotBuild(event: SnapshotBuildEvent): void {
  if (builds.hasSubscribers) builds.publish(event);
}
