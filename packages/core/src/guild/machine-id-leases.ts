import { type MachineIdAllocator, type MachineIdLease } from '../bus/machine-id-allocator';

/**
 * The machine ids one guild holds in this process, by key (an agent id, or one of the guild's
 * own services), claimed from the bus's allocator under the guild's id.
 */
export class MachineIdLeases {
  private readonly leases = new Map<string, MachineIdLease>();

  constructor(
    private readonly allocator: MachineIdAllocator,
    private readonly guildId: string,
  ) {}

  /** Claims a machine id for `key` and returns it. */
  async claim(key: string): Promise<number> {
    const lease = await this.allocator.claim(this.guildId);
    this.leases.set(key, lease);
    return lease.id;
  }

  /** Best effort: a lease a backend cannot release expires there on its own. */
  async release(key: string): Promise<void> {
    const lease = this.leases.get(key);
    this.leases.delete(key);
    await lease?.release().catch(() => undefined);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.leases.keys()].map((key) => this.release(key)));
  }
}
