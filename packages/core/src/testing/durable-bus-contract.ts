import { type MessageBus } from '../bus/message-bus';
import { jestApi } from './jest-api';
import { type BusContractKit, type MessageBusContractOptions } from './message-bus-contract';

type Durable = NonNullable<MessageBusContractOptions['durable']>;

/** The part of the bus contract for backends shared between processes (see `durable`). */
export function runDurableBusContract(kit: BusContractKit, durable: Durable): void {
  const { describe, expect, it } = jestApi('runMessageBusContract');
  const crash = (bus: MessageBus): Promise<void> => durable.crash?.(bus) ?? bus.close();

  describe('durable backend', () => {
    it('should redeliver what a crashed subscriber left unacknowledged to the next one with its id', async () => {
      const ns = kit.namespace();
      const [first, second] = [await durable.connect(), await durable.connect()];
      try {
        const dying = kit.collector('worker', false);
        await first.subscribe(ns, 't', dying);
        const sent = kit.message(['t'], 's');
        await kit.bus().publish(ns, sent);
        await kit.received(dying, 1);
        expect(await kit.bus().outstanding(ns)).toBe(1);
        await crash(first);

        const heir = kit.collector('worker');
        await second.subscribe(ns, 't', heir);
        await kit.received(heir, 1);
        expect(heir.received[0]?.message.id).toBe(sent.id);
        await kit.waitUntil(
          async () => (await kit.bus().outstanding(ns)) === 0,
          'none outstanding',
        );
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('should split the work of one subscriber id between two processes, each message once', async () => {
      const ns = kit.namespace();
      const [one, two] = [await durable.connect(), await durable.connect()];
      try {
        const shared = kit.collector('worker');
        await one.subscribe(ns, 't', shared);
        await two.subscribe(ns, 't', { id: 'worker', handler: shared.handler });
        for (let n = 0; n < 10; n++) await kit.bus().publish(ns, kit.message(['t'], 's', n));
        await kit.received(shared, 10);
        const numbers = shared.received.map((d) => Number(d.message.payload['n']));
        expect(numbers.sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('should count outstanding deliveries across processes', async () => {
      const ns = kit.namespace();
      const other = await durable.connect();
      try {
        const a = kit.collector('a', false);
        await other.subscribe(ns, 't', a);
        await kit.bus().publish(ns, kit.message(['t'], 's'));
        await kit.received(a, 1);
        expect(await kit.bus().outstanding(ns)).toBe(1);
        a.received[0]?.ack();
        await kit.waitUntil(
          async () => (await kit.bus().outstanding(ns)) === 0,
          'none outstanding',
        );
      } finally {
        await other.close();
      }
    });
  });
}
