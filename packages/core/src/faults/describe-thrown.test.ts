import { describeThrown } from './describe-thrown';

describe(describeThrown, () => {
  it('should give an error its message, name and stack', () => {
    const error = new TypeError('bad');
    expect(describeThrown(error)).toEqual({
      message: 'bad',
      name: 'TypeError',
      stack: error.stack,
    });
  });

  it.each([
    ['a string', 'boom', 'boom'],
    ['an empty string', '', '(empty string)'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'thrown undefined'],
    ['null', null, 'thrown null'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a null-prototype object', Object.create(null), 'thrown object {}'],
    ['a plain object', { code: 7 }, 'thrown object {"code":7}'],
  ])('should describe %s', (_kind, value, message) => {
    expect(describeThrown(value).message).toBe(message);
  });

  it('should not throw for an object whose toString, message and JSON all throw', () => {
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
      get message(): string {
        throw new Error('no');
      },
    };
    expect(describeThrown(hostile)).toEqual({ message: 'thrown [object Object]', name: 'object' });
  });

  it('should not throw for a revoked proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeThrown(proxy).message).toBe('a thrown value that cannot be described');
  });

  it('should cap very long messages', () => {
    const text = describeThrown(new Error('x'.repeat(50_000))).message;
    expect(text.length).toBeLessThan(10_100);
    expect(text).toMatch(/40000 more characters\)$/);
  });
});
