import { rejectionOf } from '../__tests__/capture-error';
import { InMemoryMessageBus } from './in-memory-message-bus';
import {
  InMemoryMachineIdAllocator,
  MACHINE_ID_COUNT,
  machineIdsOf,
  type MachineIdLease,
} from './machine-id-allocator';
import { type MessageBus } from './message-bus';

describe(InMemoryMachineIdAllocator, () => {
  it('should give distinct ids, the lowest free one first, and reuse a released id', async () => {
    const allocator = new InMemoryMachineIdAllocator();
    const [a, b, c] = [
      await allocator.claim('g'),
      await allocator.claim('g'),
      await allocator.claim('g'),
    ];
    expect([a.id, b.id, c.id]).toEqual([0, 1, 2]);
    await b.release();
    await b.release();
    expect((await allocator.claim('g')).id).toBe(1);
    expect((await allocator.claim('g')).id).toBe(3);
  });

  it('should count each namespace apart', async () => {
    const allocator = new InMemoryMachineIdAllocator();
    await allocator.claim('one');
    expect((await allocator.claim('two')).id).toBe(0);
  });

  it('should refuse a claim when all 256 ids are taken, instead of wrapping around', async () => {
    const allocator = new InMemoryMachineIdAllocator();
    const leases: MachineIdLease[] = [];
    for (let n = 0; n < MACHINE_ID_COUNT; n++) leases.push(await allocator.claim('g'));
    const error = await rejectionOf(allocator.claim('g'));
    expect(error.code).toBe('MACHINE_IDS_EXHAUSTED');
    expect(error.message).toContain('All 256 GemstoneId machine ids of guild "g" are in use');
    await leases[7]?.release();
    expect((await allocator.claim('g')).id).toBe(7);
  });
});

describe(machineIdsOf, () => {
  it("should use the bus's own allocator, or one per bus object for a bus without", () => {
    const bus = new InMemoryMessageBus();
    expect(machineIdsOf(bus)).toBe(bus.machineIds);
    const bare: MessageBus = {
      publish: (ns, m) => bus.publish(ns, m),
      subscribe: (ns, t, s) => bus.subscribe(ns, t, s),
      observe: (ns, o) => bus.observe(ns, o),
      outstanding: (ns) => bus.outstanding(ns),
      close: () => bus.close(),
    };
    expect(machineIdsOf(bare)).toBe(machineIdsOf(bare));
    expect(machineIdsOf(bare)).not.toBe(machineIdsOf({ ...bare }));
  });
});
