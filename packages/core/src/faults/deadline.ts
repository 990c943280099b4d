import { GuildError } from '../errors/guild-error';

/** Longest delay a Node timer keeps; a longer deadline is the same as none. */
const MAX_TIMER_MS = 2_147_483_647;

/** A task raced against a timer. */
export interface Deadline<T> {
  /** Settles like the task, or rejects with the expiry error once the time is up. */
  promise: Promise<T>;
  /** Stops the timer; the promise then settles only with the task. */
  readonly clear: () => void;
}

/**
 * Checks a timeout setting: a number of milliseconds > 0, or `0`/`null` for none. Returns the
 * setting as a number, or null for none.
 *
 * @example
 * checkTimeout(agent.processorTimeoutMs, 'processorTimeoutMs of agent "a"'); // 60000
 */
export function checkTimeout(value: unknown, what: string): number | null {
  if (value === null || value === 0) return null;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return value > MAX_TIMER_MS ? null : value;
  }
  if (value === Number.POSITIVE_INFINITY) return null;
  throw new GuildError(
    'SPEC_INVALID',
    `${what} must be a number of milliseconds > 0, or 0/null for no timeout; got ${typeof value === 'number' ? String(value) : typeof value}.`,
    { details: { setting: what } },
  );
}

/**
 * Races `task` against `ms` milliseconds (null: no deadline). The timer keeps the process
 * alive, so a task that never settles still gets its answer.
 *
 * @example
 * const { promise } = withDeadline(resolve(), 5000, () => new Error('too slow'));
 */
export function withDeadline<T>(
  task: Promise<T>,
  ms: number | null,
  expired: () => Error,
): Deadline<T> {
  if (ms === null) return { promise: task, clear: () => undefined };
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(expired());
    }, ms);
  });
  const promise = Promise.race([task, expiry]);
  const clear = (): void => {
    clearTimeout(timer);
  };
  promise.then(clear, clear);
  return { promise, clear };
}

/** How a bounded wait ended. */
export type Settled =
  { status: 'fulfilled' } | { status: 'rejected'; reason: unknown } | { status: 'late' };

/**
 * Waits for `task` at most `ms` milliseconds (null: as long as it takes) and says how it
 * ended; never rejects. A late task goes on running: the caller only stops waiting.
 *
 * @example
 * if ((await settleWithin(resolver.close(), 2000)).status === 'late') report('close hung');
 */
export function settleWithin(task: Promise<unknown>, ms: number | null): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    if (ms !== null) {
      timer = setTimeout(
        () => {
          resolve({ status: 'late' });
        },
        Math.max(0, ms),
      );
    }
    task.then(
      () => {
        clearTimeout(timer);
        resolve({ status: 'fulfilled' });
      },
      (reason: unknown) => {
        clearTimeout(timer);
        resolve({ status: 'rejected', reason });
      },
    );
  });
}

/** Calls `fn` and returns its result as a promise; a synchronous throw becomes a rejection. */
export function attemptAsync(fn: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on whatever was thrown
    return Promise.reject(error);
  }
}
