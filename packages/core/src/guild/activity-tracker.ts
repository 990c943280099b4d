/** Counts queued and in-flight work; `idle()` resolves when the count is back to zero. */
export class ActivityTracker {
  private pending = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.pending += 1;
  }

  end(): void {
    this.pending -= 1;
    if (this.pending <= 0) {
      this.pending = 0;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
