/** How a wait ended. */
export type WaitOutcome = 'done' | 'timeout' | 'interrupted';

/**
 * Waits for `task` at most `seconds`, or until `interrupted` settles, whichever is first.
 *
 * @example
 * if ((await waitFor(guild.idle(), { seconds: 60, interrupted })) === 'timeout') warn();
 */
export async function waitFor(
  task: Promise<unknown>,
  options: { seconds: number; interrupted: Promise<void> },
): Promise<WaitOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<WaitOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, options.seconds * 1000);
  });
  try {
    return await Promise.race([
      task.then(() => 'done' as const),
      options.interrupted.then(() => 'interrupted' as const),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
