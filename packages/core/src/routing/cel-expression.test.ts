import { checkCel, evaluateCel } from './cel-expression';

// Ported from upstream's core/tests/utils/test_cel_expr.py (custom functions aside: Guildkit
// registers none).

describe('evaluateCel (upstream CelExpressionEvaluator)', () => {
  it.each([
    ['payload.numkey > 10', { payload: { numkey: 15 } }, true],
    ['payload.numkey > 10', { payload: { numkey: 5 } }, false],
    ["payload.name == 'Alice'", { payload: { name: 'Alice' } }, true],
    ['payload.x * payload.y + 10', { payload: { x: 2, y: 5 } }, 20],
    ['payload.values[1]', { payload: { values: [10, 20, 30] } }, 20],
    ['payload.user.name', { payload: { user: { name: 'Bob' } } }, 'Bob'],
    ["payload.age > 18 ? 'adult' : 'minor'", { payload: { age: 20 } }, 'adult'],
    [
      'payload.users[0].details.city',
      {
        payload: {
          users: [{ details: { city: 'Wonderland' } }, { details: { city: 'Elsewhere' } }],
        },
      },
      'Wonderland',
    ],
    [
      'payload.isActive && !payload.isBanned',
      { payload: { isActive: true, isBanned: false } },
      true,
    ],
    // JSON has one number type: 2.0 is the integer 2 here (a CEL int), as in a parsed message.
    ['(payload.a + payload.b) * payload.c', { payload: { a: 2.0, b: 3.0, c: 4.0 } }, 20],
    ['payload.value == null', { payload: { value: null } }, true],
    [
      'payload.orders[0].items[1].quantity',
      {
        payload: {
          orders: [
            {
              items: [
                { id: 'item-1', quantity: 2 },
                { id: 'item-2', quantity: 5 },
              ],
            },
          ],
        },
      },
      5,
    ],
    ["{'new_key': key}", { key: 'value' }, { new_key: 'value' }],
    ['items[0]', { items: [{ id: 'a', quantity: 2 }] }, { id: 'a', quantity: 2 }],
  ])('%s', (expression, variables, expected) => {
    expect(evaluateCel(expression, variables, 'test')).toEqual(expected);
  });

  it('should throw, naming where, for a missing key', () => {
    expect(() =>
      evaluateCel('payload.nonexistent.field', { payload: { exists: 'yes' } }, 'step 1'),
    ).toThrow(/^step 1: CEL evaluation failed: /);
  });

  it('should refuse an expression that does not parse', () => {
    expect(() => {
      checkCel('payload.a >', 'routes.steps[0].transformer.expression');
    }).toThrow(/^routes\.steps\[0\]\.transformer\.expression: invalid CEL expression/);
  });
});
