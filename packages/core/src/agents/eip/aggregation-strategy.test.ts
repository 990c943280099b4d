import { aggregatorOf, collectorOf, type PayloadWithFormat } from './aggregation-strategy';

// Ported from upstream's core/tests/agents/test_aggregating_agent.py (collector and aggregator
// strategies); the collectors here build the collection rather than emit JSON patch operations.

const entry = (type: string, data: PayloadWithFormat['data']): PayloadWithFormat => ({
  type,
  data,
});
const where = 'agent "a" properties';

describe('AggregatingAgent collectors', () => {
  it('list: appends every message and returns them in order', () => {
    const list = collectorOf({ collector_type: 'list' }, where);
    const collected = list.add(list.add(undefined, entry('a', {})), entry('b', {}));
    expect(list.messages(collected)).toEqual([entry('a', {}), entry('b', {})]);
  });

  it('dict: keys messages by key_field, a later one with the same key replacing it', () => {
    const dict = collectorOf({ collector_type: 'dict', key_field: 'id' }, where);
    let collected = dict.add(undefined, entry('t', { id: 'item_123', value: 1 }));
    collected = dict.add(collected, entry('t', { id: 'item_9', value: 2 }));
    collected = dict.add(collected, entry('t', { id: 'item_123', value: 3 }));
    expect(collected).toEqual({
      item_123: entry('t', { id: 'item_123', value: 3 }),
      item_9: entry('t', { id: 'item_9', value: 2 }),
    });
    expect(dict.messages(collected)).toHaveLength(2);
    expect(Object.keys(dict.add(undefined, entry('t', {})) as object)).toEqual(['None']);
  });

  it('type: groups by message type and flattens them for the aggregator', () => {
    const byType = collectorOf({ collector_type: 'type' }, where);
    let collected = byType.add(undefined, entry('type_a', { v: 1 }));
    collected = byType.add(collected, entry('type_a', { v: 2 }));
    collected = byType.add(collected, entry('type_b', { v: 3 }));
    expect(Object.keys(collected as object)).toEqual(['type_a', 'type_b']);
    expect(byType.messages(collected)).toHaveLength(3);
  });

  it('should refuse an unknown collector_type, naming the property', () => {
    expect(() => collectorOf({ collector_type: 'set' }, where)).toThrow(
      'agent "a" properties.collector.collector_type: "set" is not list, dict or type.',
    );
  });
});

describe('AggregatingAgent aggregators', () => {
  const three = [entry('t', {}), entry('t', {}), entry('t', {})];

  it.each([
    ['count met', { aggregation_check: 'count', count: 3 }, three, true],
    ['count not met', { aggregation_check: 'count', count: 3 }, three.slice(1), false],
    ['count exceeded', { aggregation_check: 'count', count: 2 }, three, true],
    ['default count of 3', {}, three, true],
    [
      'jsonata count >= 2',
      { aggregation_check: 'jsonata', expression: 'count >= 2' },
      three.slice(1),
      true,
    ],
    [
      'jsonata count >= 5',
      { aggregation_check: 'jsonata', expression: 'count >= 5' },
      three.slice(1),
      false,
    ],
    [
      'jsonata that fails',
      { aggregation_check: 'jsonata', expression: '$error("x")' },
      three,
      false,
    ],
    [
      'format_count met',
      {
        aggregation_check: 'format_count',
        formats: [{ format: 'type_a', count: 2 }, { format: 'type_b' }],
      },
      [{ format: 'type_a' }, { format: 'type_a' }, { format: 'type_b' }],
      true,
    ],
    [
      'format_count not met',
      {
        aggregation_check: 'format_count',
        formats: [{ format: 'type_a', count: 2 }, { format: 'type_b' }],
      },
      [{ format: 'type_a' }, { format: 'type_b' }],
      false,
    ],
  ])('%s', async (_, conf, messages, complete) => {
    expect(await aggregatorOf(conf, where).evaluate('corr', messages)).toBe(complete);
  });

  it('should refuse JSONata that does not compile at launch', () => {
    expect(() =>
      aggregatorOf({ aggregation_check: 'jsonata', expression: 'count >=' }, where),
    ).toThrow(/aggregator\.expression/);
  });
});
