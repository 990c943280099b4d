import { errorOf } from '../__tests__/capture-error';
import { ErrorMessage } from './error-message';
import { JsonDict, Payload, formatOf } from './payload';
import { PayloadFields } from './payload-fields';

describe(PayloadFields, () => {
  const json = {
    code: 'print(1)',
    timeout: 3,
    strict: false,
    globals: { a: 1 },
    files: ['x'],
    any: null,
  };

  it('should read typed fields and fall back for missing optional ones', () => {
    const f = new PayloadFields(json, 'CodeRequest');
    expect([
      f.string('code'),
      f.number('timeout'),
      f.boolean('strict'),
      f.object('globals'),
      f.array('files'),
      f.value('any'),
    ]).toEqual(['print(1)', 3, false, { a: 1 }, ['x'], null]);
    expect([
      f.string('language', 'python'),
      f.number('retries', 0),
      f.object('locals', {}),
    ]).toEqual(['python', 0, {}]);
  });

  it.each([
    ['code', (f: PayloadFields) => f.number('code'), 'field "code" must be a number, got string.'],
    [
      'missing',
      (f: PayloadFields) => f.string('missing'),
      'field "missing" must be a string, got nothing.',
    ],
    [
      'files',
      (f: PayloadFields) => f.object('files'),
      'field "files" must be an object, got array.',
    ],
    ['any', (f: PayloadFields) => f.object('any'), 'field "any" must be an object, got null.'],
    [
      'value',
      (f: PayloadFields) => f.value('nothing'),
      'field "nothing" must be a JSON value, got nothing.',
    ],
  ])('should say which field of which format is wrong (%s)', (_name, read, message) => {
    const error = errorOf(() => read(new PayloadFields(json, 'CodeRequest')));
    expect(error.code).toBe('PAYLOAD_INVALID');
    expect(error.message).toBe(`Payload for format "CodeRequest": ${message}`);
  });
});

describe(Payload, () => {
  class Greeting extends Payload {
    static readonly format = 'Greeting';
    constructor(readonly text: string) {
      super();
    }
  }

  it('should serialise own fields and expose the class format', () => {
    expect(JSON.parse(JSON.stringify(new Greeting('hi')))).toEqual({ text: 'hi' });
    expect(formatOf(new Greeting('hi'))).toBe('Greeting');
    expect(formatOf({ text: 'hi' })).toBeUndefined();
  });

  it('should round-trip an ErrorMessage and pass raw JSON through JsonDict', () => {
    const error = new ErrorMessage({ agentType: 'A', errorType: 'E', errorMessage: 'm' });
    expect(ErrorMessage.fromJson(error.toJSON())).toEqual(error);
    expect(JsonDict.fromJson({ a: 1 })).toEqual({ a: 1 });
    expect(JsonDict.format).toBe('generic_json');
  });
});
