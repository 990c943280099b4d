import { GuildError } from '../errors/guild-error';
import { type Acknowledge, type MessageBus } from '../bus/message-bus';
import { type Message } from '../messaging/message';
import { runDurableBusContract } from './durable-bus-contract';
import { jestApi } from './jest-api';
import { testMessage } from './test-message';
import { waitUntil } from './wait-until';

/** What a backend can do beyond the baseline, so the suite checks it too. */
export interface MessageBusContractOptions {
  /** How long to wait for an asynchronous delivery before failing (ms). Default 5000. */
  deliveryTimeoutMs?: number;
  /** How long to wait before concluding that nothing more will arrive (ms). Default 100. */
  quietMs?: number;
  /**
   * For a backend shared between processes that keeps unacknowledged deliveries: `connect`
   * opens another bus on the same backend, as a second process would; `crash` ends a bus as
   * a killed process would (default: `close()`), leaving its deliveries unacknowledged.
   */
  durable?: {
    connect(): Promise<MessageBus>;
    crash?(bus: MessageBus): Promise<void>;
  };
}

/** One subscriber's deliveries, with their acknowledgements held for the test to call. */
export interface Collector {
  id: string;
  received: { message: Message; topic: string; ack: Acknowledge }[];
  handler: (message: Message, topic: string, ack: Acknowledge) => void;
}

/** Helpers the contract's tests share (also used by the durable part). */
export interface BusContractKit {
  bus: () => MessageBus;
  /** A namespace no other test uses, so tests sharing one backend never mix. */
  namespace: () => string;
  message: (topics: string[], senderId: string, n?: number) => Message;
  /** A subscriber that records deliveries; `autoAck` acknowledges each at once. */
  collector: (id: string, autoAck?: boolean) => Collector;
  /** Waits until `collector` holds `count` deliveries, then a quiet period for extra ones. */
  received: (collector: Collector, count: number) => Promise<void>;
  waitUntil: (check: () => boolean | Promise<boolean>, what: string) => Promise<void>;
}

let run = 0;

/**
 * The behaviour every `MessageBus` must have (see the rules on `MessageBus`). Call it from an
 * implementation's test file with a factory giving a fresh bus. Delivery may be asynchronous:
 * the suite waits (bounded) for what must arrive and for a quiet period for what must not.
 *
 * @example
 * runMessageBusContract('RedisMessageBus', () => new RedisMessageBus({ url }), {
 *   durable: { connect: async () => new RedisMessageBus({ url }) },
 * });
 */
export function runMessageBusContract(
  name: string,
  create: () => MessageBus | Promise<MessageBus>,
  options: MessageBusContractOptions = {},
): void {
  const { afterEach, beforeEach, describe, expect, it } = jestApi('runMessageBusContract');
  const { deliveryTimeoutMs = 5000, quietMs = 100 } = options;
  let bus: MessageBus;
  const kit: BusContractKit = {
    bus: () => bus,
    namespace: () => `contract-${process.pid}-${Date.now()}-${run++}`,
    message: (topics, senderId, n = 0) => testMessage(topics, senderId, { n }),
    collector: (id, autoAck = true) => {
      const received: Collector['received'] = [];
      return {
        id,
        received,
        handler: (message, topic, ack) => {
          received.push({ message, topic, ack });
          if (autoAck) ack();
        },
      };
    },
    received: async (collector, count) => {
      await kit.waitUntil(
        () => collector.received.length >= count,
        `${count} deliveries to ${collector.id}`,
      );
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      expect(collector.received).toHaveLength(count);
    },
    waitUntil: (check, what) => waitUntil(check, { timeoutMs: deliveryTimeoutMs, what }),
  };
  const { namespace, message, collector } = kit;

  describe(`${name} (MessageBus contract)`, () => {
    beforeEach(async () => {
      bus = await create();
    });
    afterEach(async () => {
      await bus.close();
    });

    it('should deliver to every subscriber of each topic, with topicPublishedTo set per copy', async () => {
      const ns = namespace();
      const [a, b] = [collector('a'), collector('b')];
      await bus.subscribe(ns, 't1', a);
      await bus.subscribe(ns, 't2', a);
      await bus.subscribe(ns, 't2', b);
      await bus.publish(ns, message(['t1', 't2'], 'sender'));
      await kit.received(a, 2);
      await kit.received(b, 1);
      const seen = a.received.map((d) => [d.topic, d.message.topicPublishedTo]).sort();
      expect(seen).toEqual([
        ['t1', 't1'],
        ['t2', 't2'],
      ]);
      expect(b.received[0]?.topic).toBe('t2');
    });

    it('should keep namespaces apart', async () => {
      const [one, two] = [namespace(), namespace()];
      const a = collector('a');
      await bus.subscribe(one, 't', a);
      await bus.publish(two, message(['t'], 'sender'));
      await bus.publish(one, message(['t'], 'sender', 1));
      await kit.received(a, 1);
      expect(a.received[0]?.message.payload['n']).toBe(1);
    });

    it("should not deliver a subscriber's own messages except on its self inbox", async () => {
      const ns = namespace();
      const a = collector('a');
      await bus.subscribe(ns, 'default_topic', a);
      await bus.subscribe(ns, 'agent_self_inbox:a', a);
      await bus.publish(ns, message(['default_topic', 'agent_self_inbox:a'], 'a'));
      // per-topic order: had the own message been delivered, it would arrive before this one
      await bus.publish(ns, message(['default_topic'], 'other', 1));
      await kit.received(a, 2);
      const got = a.received.map((d) => [d.topic, d.message.payload['n']]).sort();
      expect(got).toEqual([
        ['agent_self_inbox:a', 0],
        ['default_topic', 1],
      ]);
    });

    it('should give each subscriber its own copy, unaffected by the publisher and other subscribers', async () => {
      const ns = namespace();
      const mutator = {
        id: 'm',
        handler: (m: Message, _t: string, ack: Acknowledge) => {
          (m.payload['nested'] as { list: number[] }).list.push(99);
          ack();
        },
      };
      const reader = collector('r');
      await bus.subscribe(ns, 't', mutator);
      await bus.subscribe(ns, 't', reader);
      const sent = message(['t'], 'sender');
      await bus.publish(ns, sent);
      (sent.payload['nested'] as { list: number[] }).list.push(100);
      await kit.received(reader, 1);
      const copy = reader.received[0]?.message;
      expect(copy?.payload).toEqual({ n: 0, nested: { list: [1, 2] } });
      expect(copy).not.toBe(sent);
    });

    it('should keep publish order per topic', async () => {
      const ns = namespace();
      const a = collector('a');
      await bus.subscribe(ns, 't', a);
      for (let n = 0; n < 20; n++) await bus.publish(ns, message(['t'], 's', n));
      await kit.received(a, 20);
      expect(a.received.map((d) => d.message.payload['n'])).toEqual([...Array(20).keys()]);
    });

    it('should stop delivering after unsubscribe, and unsubscribe twice harmlessly', async () => {
      const ns = namespace();
      const [a, b] = [collector('a'), collector('b')];
      const subscription = await bus.subscribe(ns, 't', a);
      await bus.subscribe(ns, 't', b);
      expect(subscription).toMatchObject({ namespace: ns, topic: 't', subscriberId: 'a' });
      await bus.publish(ns, message(['t'], 's'));
      await kit.received(a, 1);
      await subscription.unsubscribe();
      await subscription.unsubscribe();
      await bus.publish(ns, message(['t'], 's', 1));
      await kit.received(b, 2);
      expect(a.received).toHaveLength(1);
    });

    it('should deliver each message once across subscriptions sharing a subscriber id', async () => {
      const ns = namespace();
      const shared = collector('worker');
      await bus.subscribe(ns, 't', shared);
      await bus.subscribe(ns, 't', { id: 'worker', handler: shared.handler });
      for (let n = 0; n < 10; n++) await bus.publish(ns, message(['t'], 's', n));
      await kit.received(shared, 10);
      expect(
        shared.received.map((d) => d.message.payload['n']).sort((x, y) => Number(x) - Number(y)),
      ).toEqual([...Array(10).keys()]);
    });

    it('should keep delivering to others when a handler throws', async () => {
      const ns = namespace();
      const b = collector('b');
      await bus.subscribe(ns, 't', {
        id: 'a',
        handler: () => {
          throw new Error('handler broke');
        },
      });
      await bus.subscribe(ns, 't', b);
      await bus.publish(ns, message(['t'], 's'));
      await bus.publish(ns, message(['t'], 's', 1));
      await kit.received(b, 2);
    });

    it('should let an observer see every message once per topic, whoever sent it', async () => {
      const ns = namespace();
      const seen: [string, string | undefined, unknown][] = [];
      await bus.observe(ns, (m, topic) => seen.push([topic, m.topicPublishedTo, m.payload['n']]));
      await bus.publish(ns, message(['t1', 't2'], 'a'));
      await bus.publish(ns, message(['agent_self_inbox:b'], 'b', 1));
      await kit.waitUntil(() => seen.length >= 3, 'three observed deliveries');
      expect(seen.sort()).toEqual([
        ['agent_self_inbox:b', 'agent_self_inbox:b', 1],
        ['t1', 't1', 0],
        ['t2', 't2', 0],
      ]);
      await kit.waitUntil(async () => (await bus.outstanding(ns)) === 0, 'nothing outstanding');
    });

    it('should count a delivery as outstanding until it is acknowledged, once', async () => {
      const ns = namespace();
      const a = collector('a', false);
      await bus.subscribe(ns, 't', a);
      await bus.publish(ns, message(['t'], 's'));
      await bus.publish(ns, message(['t'], 's', 1));
      expect(await bus.outstanding(ns)).toBe(2);
      await kit.received(a, 2);
      expect(await bus.outstanding(ns)).toBe(2);
      a.received[0]?.ack();
      a.received[0]?.ack();
      await kit.waitUntil(async () => (await bus.outstanding(ns)) === 1, 'one outstanding');
      a.received[1]?.ack();
      await kit.waitUntil(async () => (await bus.outstanding(ns)) === 0, 'none outstanding');
      expect(await bus.outstanding(namespace())).toBe(0);
    });

    it('should reject every call after close with BUS_CLOSED, and close twice harmlessly', async () => {
      const ns = namespace();
      const a = collector('a');
      await bus.subscribe(ns, 't', a);
      await bus.close();
      await bus.close();
      const calls: Promise<unknown>[] = [
        bus.publish(ns, message(['t'], 's')),
        bus.subscribe(ns, 't', a),
        bus.observe(ns, () => undefined),
        bus.outstanding(ns),
      ];
      for (const call of calls) {
        const error: unknown = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(GuildError.is(error, 'BUS_CLOSED')).toBe(true);
      }
      expect(a.received).toEqual([]);
    });

    if (options.durable !== undefined) runDurableBusContract(kit, options.durable);
  });
}
