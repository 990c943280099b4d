export interface WaitUntilOptions {
  /** Give up after this long (ms). Default 5000. */
  timeoutMs?: number;
  /** Poll interval (ms). Default 5. */
  intervalMs?: number;
  /** Says what was awaited, for the timeout error. */
  what?: string;
}

/**
 * Polls `check` until it returns true (or resolves to true), failing after a bounded time. For
 * tests of asynchronous delivery: a networked bus delivers after `publish` resolves.
 *
 * @example
 * await waitUntil(() => received.length === 2, { what: 'two deliveries' });
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  options: WaitUntilOptions = {},
): Promise<void> {
  const { timeoutMs = 5000, intervalMs = 5, what = 'the condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
