import { disposeValue, isDisposable } from './dispose-value';

/** Looks up another resolver of the same (merged) dependency map by key. */
export type Injector = (name: string) => {
  getOrResolve(orgId: string, guildId?: string, agentId?: string): Promise<unknown>;
};

function ignore(): undefined {
  return undefined;
}

/**
 * The life of one resolver, owned by the container that made it: the injector for its
 * siblings, its memoized resolutions, the closable values it handed out and the timers of
 * resolutions in progress. `end()` hands the values over for closing; whatever arrives after
 * that is closed at once.
 */
export class ResolverLifecycle {
  readonly memo = new Map<string, Promise<unknown>>();
  private readonly values = new Set<unknown>();
  private readonly timers = new Set<() => void>();
  private ended = false;

  constructor(readonly injector?: Injector) {}

  /** Records a value `resolve` delivered; closes it at once when `late` or after `end()`. */
  adopt(value: unknown, late: boolean): void {
    try {
      if (!isDisposable(value)) return;
      if (late || this.ended) disposeValue(value).catch(ignore);
      else this.values.add(value);
    } catch {
      // a value whose `close` getter throws cannot be closed; nothing to record
    }
  }

  /** Tracks a resolution timer until `settled`, so `end()` can stop it. */
  watch(clear: () => void, settled: Promise<unknown>): void {
    this.timers.add(clear);
    const forget = (): void => {
      this.timers.delete(clear);
    };
    settled.then(forget, forget);
  }

  /** Stops the timers, forgets the memo and returns the closable values handed out. */
  end(): unknown[] {
    this.ended = true;
    for (const clear of this.timers) clear();
    this.timers.clear();
    this.memo.clear();
    const values = [...this.values];
    this.values.clear();
    return values;
  }
}
