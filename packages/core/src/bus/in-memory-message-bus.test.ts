import { rejectionOf } from '../__tests__/capture-error';
import { GemstoneGenerator } from '../messaging/gemstone-generator';
import { type Message } from '../messaging/message';
import { Priority } from '../messaging/priority';
import { InMemoryMessageBus } from './in-memory-message-bus';

const ids = new GemstoneGenerator(1);

function message(topics: string[], senderId: string, n = 0): Message {
  const id = ids.nextId(Priority.NORMAL);
  return {
    id,
    topics,
    sender: { id: senderId, name: senderId },
    format: 'test',
    payload: { n, nested: { list: [1, 2] } },
    inResponseTo: null,
    thread: [id],
    recipientList: [],
    priority: Priority.NORMAL,
    timestamp: ids.timestamp,
    isErrorMessage: false,
    messageHistory: [],
  };
}

function collector(id: string): {
  id: string;
  received: [Message, string][];
  handler: (m: Message, t: string) => void;
} {
  const received: [Message, string][] = [];
  return { id, received, handler: (m, t) => received.push([m, t]) };
}

describe(InMemoryMessageBus, () => {
  let bus: InMemoryMessageBus;
  beforeEach(() => {
    bus = new InMemoryMessageBus();
  });
  afterEach(async () => {
    await bus.close();
  });

  it('should deliver to every subscriber of each topic, with topicPublishedTo set per copy', async () => {
    const a = collector('a');
    const b = collector('b');
    await bus.subscribe('g', 't1', a);
    await bus.subscribe('g', 't2', a);
    await bus.subscribe('g', 't2', b);
    await bus.publish('g', message(['t1', 't2'], 'sender'));
    expect(a.received.map(([m, t]) => [t, m.topicPublishedTo])).toEqual([
      ['t1', 't1'],
      ['t2', 't2'],
    ]);
    expect(b.received.map(([, t]) => t)).toEqual(['t2']);
  });

  it('should keep namespaces apart', async () => {
    const a = collector('a');
    await bus.subscribe('guild-1', 't', a);
    await bus.publish('guild-2', message(['t'], 'sender'));
    expect(a.received).toEqual([]);
  });

  it("should not deliver a subscriber's own messages except on its self inbox", async () => {
    const a = collector('a');
    await bus.subscribe('g', 'default_topic', a);
    await bus.subscribe('g', 'agent_self_inbox:a', a);
    await bus.publish('g', message(['default_topic', 'agent_self_inbox:a'], 'a'));
    expect(a.received.map(([, t]) => t)).toEqual(['agent_self_inbox:a']);
  });

  it('should give each subscriber its own copy, unaffected by the publisher and other subscribers', async () => {
    const mutator = {
      id: 'm',
      handler: (m: Message) => (m.payload['nested'] as { list: number[] }).list.push(99),
    };
    const reader = collector('r');
    await bus.subscribe('g', 't', mutator);
    await bus.subscribe('g', 't', reader);
    const sent = message(['t'], 'sender');
    await bus.publish('g', sent);
    (sent.payload['nested'] as { list: number[] }).list.push(100);
    const [[copy]] = reader.received as [[Message, string]];
    expect(copy.payload).toEqual({ n: 0, nested: { list: [1, 2] } });
    expect(copy).not.toBe(sent);
  });

  it('should keep publish order per topic', async () => {
    const a = collector('a');
    await bus.subscribe('g', 't', a);
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => bus.publish('g', message(['t'], 's', n))),
    );
    expect(a.received.map(([m]) => m.payload['n'])).toEqual([...Array(20).keys()]);
  });

  it('should stop delivering after unsubscribe and ignore a duplicate subscribe', async () => {
    const a = collector('a');
    await bus.subscribe('g', 't', a);
    await bus.subscribe('g', 't', a);
    await bus.publish('g', message(['t'], 's'));
    await bus.unsubscribe('g', 't', 'a');
    await bus.unsubscribe('g', 't', 'unknown');
    await bus.publish('g', message(['t'], 's'));
    expect(a.received).toHaveLength(1);
  });

  it('should keep delivering to others when a handler throws', async () => {
    const errors: string[] = [];
    bus = new InMemoryMessageBus({
      onHandlerError: (e, topic) => errors.push(`${topic}: ${(e as Error).message}`),
    });
    const b = collector('b');
    await bus.subscribe('g', 't', {
      id: 'a',
      handler: () => {
        throw new Error('handler broke');
      },
    });
    await bus.subscribe('g', 't', b);
    await bus.publish('g', message(['t'], 's'));
    expect(errors).toEqual(['t: handler broke']);
    expect(b.received).toHaveLength(1);
  });

  it('should reject a message that is not JSON-serialisable', async () => {
    const bad = message(['t'], 's');
    (bad.payload as Record<string, unknown>)['big'] = 10n;
    const error = await rejectionOf(bus.publish('g', bad));
    expect(error.code).toBe('MESSAGE_INVALID');
  });

  it('should reject publish and subscribe after close', async () => {
    const a = collector('a');
    await bus.subscribe('g', 't', a);
    await bus.close();
    await bus.close();
    expect((await rejectionOf(bus.publish('g', message(['t'], 's')))).code).toBe('BUS_CLOSED');
    expect((await rejectionOf(bus.subscribe('g', 't', a))).code).toBe('BUS_CLOSED');
    expect(a.received).toEqual([]);
  });
});
