import { GuildError } from '../errors/guild-error';
import { attemptAsync, settleWithin } from '../faults/deadline';
import { disposeValue } from './dispose-value';

/** Shortest wait a closing step gets, even when the shared deadline has passed. */
const MIN_WAIT_MS = 100;

function nameOf(value: unknown): string {
  try {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'a value';
  } catch {
    return 'a value';
  }
}

/**
 * Closes every value at once (`close()`, else `dispose()`) and waits until `until` (a
 * `Date.now()` time; null: no limit, at least `MIN_WAIT_MS`). Returns the failures, including
 * a `TIMEOUT` error for each close still running at the deadline; never throws.
 */
export async function closeAll(
  values: readonly unknown[],
  until: number | null,
): Promise<unknown[]> {
  const wait = until === null ? null : Math.max(MIN_WAIT_MS, until - Date.now());
  const outcomes = await Promise.all(
    values.map((value) =>
      settleWithin(
        attemptAsync(() => disposeValue(value)),
        wait,
      ),
    ),
  );
  const errors: unknown[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'rejected') errors.push(outcome.reason);
    if (outcome.status === 'late') {
      const name = nameOf(values[i]);
      errors.push(
        new GuildError(
          'TIMEOUT',
          `close() of ${name} did not finish within ${wait} ms; shutdown went on without it.`,
          { details: { className: name, timeoutMs: wait } },
        ),
      );
    }
  });
  return errors;
}
