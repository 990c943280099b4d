import { rejectionOf } from '../__tests__/capture-error';
import { type Message } from '../messaging/message';
import { runMessageBusContract } from '../testing/message-bus-contract';
import { testMessage } from '../testing/test-message';
import { InMemoryMessageBus } from './in-memory-message-bus';
import { type Subscriber } from './message-bus';

runMessageBusContract(
  'InMemoryMessageBus',
  () => new InMemoryMessageBus({ onHandlerError: () => undefined }),
);

/** Hands each delivery to its handler on a later turn, as a networked bus would. */
class LaterDeliveringBus extends InMemoryMessageBus {
  override subscribe(namespace: string, topic: string, subscriber: Subscriber) {
    return super.subscribe(namespace, topic, {
      id: subscriber.id,
      handler: (m, t, ack) => {
        setTimeout(() => {
          try {
            subscriber.handler(m, t, ack);
          } catch {
            ack(); // as the bus itself does for a throwing handler
          }
        }, 2);
      },
    });
  }
}

// The contract must hold for a bus whose deliveries arrive after publish resolves.
runMessageBusContract('InMemoryMessageBus delivering later', () => new LaterDeliveringBus());

function message(topics: string[], senderId: string, n = 0): Message {
  return testMessage(topics, senderId, { n });
}

describe('InMemoryMessageBus (in-process specifics)', () => {
  let bus: InMemoryMessageBus;
  beforeEach(() => {
    bus = new InMemoryMessageBus();
  });
  afterEach(async () => {
    await bus.close();
  });

  it('should deliver synchronously inside publish, in publish order, before publish resolves', async () => {
    const received: unknown[] = [];
    await bus.subscribe('g', 't', { id: 'a', handler: (m) => received.push(m.payload['n']) });
    const pending = Array.from({ length: 5 }, (_, n) => bus.publish('g', message(['t'], 's', n)));
    expect(received).toEqual([0, 1, 2, 3, 4]);
    await Promise.all(pending);
  });

  it('should report a throwing handler to onHandlerError and acknowledge its delivery', async () => {
    const errors: string[] = [];
    bus = new InMemoryMessageBus({
      onHandlerError: (e, topic) => errors.push(`${topic}: ${(e as Error).message}`),
    });
    await bus.subscribe('g', 't', {
      id: 'a',
      handler: () => {
        throw new Error('handler broke');
      },
    });
    await bus.publish('g', message(['t'], 's'));
    expect(errors).toEqual(['t: handler broke']);
    expect(await bus.outstanding('g')).toBe(0);
  });

  it('should reject a message that is not JSON-serialisable', async () => {
    const bad = message(['t'], 's');
    (bad.payload as Record<string, unknown>)['big'] = 10n;
    const error = await rejectionOf(bus.publish('g', bad));
    expect(error.code).toBe('MESSAGE_INVALID');
  });
});
