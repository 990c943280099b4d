import { errorOf } from '../__tests__/capture-error';
import { GemstoneGenerator } from './gemstone-generator';
import { type JsonObject } from './json';
import { parseMessage } from './parse-message';

const ids = new GemstoneGenerator(2);

function valid(): JsonObject {
  const id = ids.nextId();
  return {
    id,
    topics: ['default_topic'],
    sender: { id: 'a', name: 'A' },
    format: 'generic_json',
    payload: { x: 1 },
    inResponseTo: null,
    thread: [id],
    recipientList: [],
    priority: 4,
    timestamp: ids.timestamp,
    isErrorMessage: false,
    messageHistory: [],
  };
}

describe(parseMessage, () => {
  it('should accept a well-formed message that went through JSON', () => {
    const json = JSON.parse(JSON.stringify(valid())) as JsonObject;
    expect(parseMessage(json)).toEqual(json);
  });

  it('should list every problem of a malformed message', () => {
    const error = errorOf(() =>
      parseMessage({ ...valid(), id: 'nope', topics: [], payload: [1], priority: 9 }),
    );
    expect(error.code).toBe('MESSAGE_INVALID');
    expect(error.details['problems']).toEqual([
      '"nope" is not a GemstoneId: expected 16 lowercase hex digits.',
      'topics must be a non-empty array of strings',
      'payload must be a JSON object',
      'priority must be an integer 0..7',
    ]);
  });

  it("should accept upstream's routing fields and name each malformed one", () => {
    const id = ids.nextId();
    const carried = {
      ttl: 30,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      conversationId: id,
      enrichWithHistory: 2,
      originGuildStack: [{ guildId: 'outer', sagaId: null }],
    };
    expect(parseMessage({ ...valid(), ...carried })).toMatchObject(carried);
    const error = errorOf(() =>
      parseMessage({
        ...valid(),
        ttl: -1,
        traceparent: 7,
        conversationId: 5,
        enrichWithHistory: 1.5,
        originGuildStack: [{ guild: 'x' }],
      }),
    );
    expect(error.details['problems']).toEqual([
      'ttl must be a non-negative integer or null',
      'traceparent must be a string or null',
      'conversationId must be an id string or null',
      'enrichWithHistory must be a non-negative integer',
      'originGuildStack must be an array of {guildId, sagaId}',
    ]);
  });

  it('should reject a non-object', () => {
    expect(errorOf(() => parseMessage([])).message).toBe('A message must be a JSON object.');
  });
});
