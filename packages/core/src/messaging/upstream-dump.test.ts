import { GemstoneGenerator } from './gemstone-generator';
import { GemstoneId } from './gemstone-id';
import { type Message } from './message';
import { Priority } from './priority';
import { upstreamDump, upstreamId } from './upstream-dump';

const ids = new GemstoneGenerator(3);

// Upstream's Message fields (messaging/core/message.py), with its computed fields.
const UPSTREAM_KEYS = [
  'sender',
  'topics',
  'recipient_list',
  'payload',
  'format',
  'in_response_to',
  'thread',
  'conversation_id',
  'forward_header',
  'routing_slip',
  'message_history',
  'ttl',
  'is_error_message',
  'traceparent',
  'session_state',
  'topic_published_to',
  'enrich_with_history',
  'process_status',
  'origin_guild_stack',
  'id',
  'priority',
  'timestamp',
  'current_thread_id',
  'root_thread_id',
];

function message(): Message {
  const origin = ids.nextId();
  const id = ids.nextId();
  return {
    id,
    topics: ['t'],
    sender: { id: 'a', name: 'A' },
    format: 'generic_json',
    payload: { x: 1 },
    inResponseTo: origin,
    thread: [origin, id],
    recipientList: [{ name: 'B' }],
    priority: Priority.NORMAL,
    timestamp: ids.timestamp,
    isErrorMessage: false,
    messageHistory: [
      {
        agent: { id: 'a', name: 'A' },
        origin,
        result: id,
        processor: 'run',
        fromTopic: 'in',
        toTopics: ['t'],
        reason: ['mine', 'the step'],
      },
    ],
    routingSlip: { steps: [{ agent: { name: 'A' } }] },
    forwardHeader: { originMessageId: origin, onBehalfOf: { id: 'u' } },
  };
}

describe(upstreamDump, () => {
  it("should have exactly upstream's Message.model_dump() keys", () => {
    expect(Object.keys(upstreamDump(message())).sort()).toEqual([...UPSTREAM_KEYS].sort());
  });

  it('should show ids as upstream integers and history, header and thread in snake_case', () => {
    const m = message();
    const dump = upstreamDump(m);
    const [origin] = m.thread as [string, string];
    expect(dump).toMatchObject({
      id: Number(GemstoneId.parse(m.id).toBigInt()),
      in_response_to: upstreamId(origin),
      current_thread_id: upstreamId(m.id),
      root_thread_id: upstreamId(origin),
      forward_header: { origin_message_id: upstreamId(origin), on_behalf_of: { id: 'u' } },
      message_history: [
        {
          origin: upstreamId(origin),
          from_topic: 'in',
          to_topics: ['t'],
          reason: ['mine', 'the step'],
        },
      ],
      recipient_list: [{ id: null, name: 'B' }],
      routing_slip: { steps: [{ agent: { name: 'A' } }] },
      session_state: null,
      ttl: null,
      enrich_with_history: 0,
      origin_guild_stack: [],
    });
  });
});
