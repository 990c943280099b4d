import { type InterpreterPool, type InterpreterSlot } from '../sandbox/interpreter-pool';

/**
 * The interpreter one executor is bound to. When it is killed or dies the binding takes a new one
 * from the pool on the next call, and that call is told the agent's state was reset.
 */
export class InterpreterBinding {
  private slot: InterpreterSlot | undefined;
  private lost = false;

  constructor(private readonly pool: InterpreterPool) {}

  /** The bound interpreter, if any (it may have ended since). */
  get current(): InterpreterSlot | undefined {
    return this.slot;
  }

  /** The bound interpreter, or a new one from the pool if there is none or it has ended. */
  async ensure(): Promise<{ slot: InterpreterSlot; fresh: boolean }> {
    if (this.slot?.process.alive) return { slot: this.slot, fresh: false };
    if (this.slot) this.lost = true;
    this.slot = await this.pool.acquire();
    return { slot: this.slot, fresh: true };
  }

  /** `ensure` for a call: `stateReset` says a lost interpreter was replaced since the last call. */
  async acquire(): Promise<{ slot: InterpreterSlot; stateReset: boolean }> {
    const acquired = await this.ensure();
    const stateReset = acquired.fresh && this.lost;
    this.lost = false;
    return { slot: acquired.slot, stateReset };
  }

  /** Gives the interpreter back on purpose (reset, close): the next one starts clean, not lost. */
  drop(): void {
    if (this.slot) this.pool.release(this.slot);
    this.slot = undefined;
    this.lost = false;
  }

  /** The interpreter was killed or died: free what is left of it; the next call gets a new one. */
  lose(slot: InterpreterSlot): void {
    this.pool.release(slot);
    this.slot = undefined;
    this.lost = true;
  }
}
