/** A sleep that another part of the code can cut short (`wake`). */
export class Wakeable {
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  wake(): void {
    clearTimeout(this.timer);
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}

/** Waits for `promise`, at most `ms`; the timer does not outlive the wait. */
export async function settleWithin(
  promise: Promise<unknown> | undefined,
  ms: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise?.catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
