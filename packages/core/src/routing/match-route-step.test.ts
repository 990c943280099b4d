import { type JsonObject } from '../messaging/json';
import { type RoutingSlip } from '../messaging/routing-slip';
import { stepApplies, type StepQuery, takeNextSteps } from './match-route-step';

const query: StepQuery = {
  agent: { id: 'a1', name: 'Splitter' },
  agentTypes: ['rustic_ai.core.agents.eip.splitter_agent.SplitterAgent', 'SplitterAgent'],
  methodName: 'split',
  origin: {
    originSender: { id: 'user', name: 'User' },
    originTopic: 'orders',
    originMessageFormat: 'Order',
  },
  format: 'Part',
};

describe('stepApplies (upstream RoutingRule.is_applicable)', () => {
  it.each<[string, JsonObject, boolean]>([
    ['agent by name', { agent: { name: 'Splitter' } }, true],
    ['agent by id', { agent: { id: 'a1' } }, true],
    ['another agent', { agent: { name: 'Other' } }, false],
    ['agent_type exact (dotted)', { agent_type: query.agentTypes[0] ?? '' }, true],
    ['agent_type exact (class)', { agent_type: 'SplitterAgent' }, true],
    ['agent_type glob', { agent_type: '*.eip.*Agent' }, true],
    ['agent_type mismatch', { agent_type: 'AggregatorAgent' }, false],
    ['method_name', { agent: { id: 'a1' }, method_name: 'split' }, true],
    ['another method', { agent: { id: 'a1' }, method_name: 'join' }, false],
    ['message_format', { agent: { id: 'a1' }, message_format: 'Part' }, true],
    ['another format', { agent: { id: 'a1' }, message_format: 'Order' }, false],
    [
      'origin filter matching sender, topic and format',
      {
        agent: { id: 'a1' },
        origin_filter: {
          origin_sender: { name: 'User' },
          origin_topic: 'orders',
          origin_message_format: 'Order',
        },
      },
      true,
    ],
    ['origin topic mismatch', { agent: { id: 'a1' }, origin_filter: { origin_topic: 'x' } }, false],
    [
      'origin sender mismatch',
      { agent: { id: 'a1' }, origin_filter: { origin_sender: { id: 'bot' } } },
      false,
    ],
    [
      'origin format mismatch',
      { agent: { id: 'a1' }, origin_filter: { origin_message_format: 'Part' } },
      false,
    ],
  ])('%s → %s', (_what, step, expected) => {
    expect(stepApplies(step, query)).toBe(expected);
  });
});

describe('takeNextSteps (upstream RoutingSlip.get_next_steps)', () => {
  function take(slip: RoutingSlip): JsonObject[] {
    const { steps, remaining } = takeNextSteps(slip, query);
    slip.steps = remaining.steps;
    return steps;
  }

  it('should use a step once by default and then drop it from the slip', () => {
    const slip: RoutingSlip = { steps: [{ agent: { id: 'a1' } }, { agent: { id: 'other' } }] };
    expect(take(slip)).toHaveLength(1);
    expect(slip.steps).toEqual([{ agent: { id: 'other' } }]);
    expect(take(slip)).toEqual([]);
  });

  it('should count down route_times and expire the step at 0', () => {
    const slip: RoutingSlip = { steps: [{ agent: { id: 'a1' }, route_times: 2 }] };
    expect(take(slip)).toHaveLength(1);
    expect(slip.steps[0]?.['route_times']).toBe(1);
    expect(take(slip)).toHaveLength(1);
    expect(slip.steps).toEqual([]);
    expect(take(slip)).toHaveLength(0);
  });

  it('should never expire a step with negative route_times', () => {
    const slip: RoutingSlip = { steps: [{ agent: { id: 'a1' }, route_times: -1 }] };
    for (let n = 0; n < 5; n += 1) expect(take(slip)).toHaveLength(1);
    expect(slip.steps).toHaveLength(1);
  });

  it('should return every applicable step, in slip order', () => {
    const slip: RoutingSlip = {
      steps: [
        { agent: { id: 'a1' }, destination: { topics: 't1' } },
        { agent_type: 'SplitterAgent', destination: { topics: 't2' } },
      ],
    };
    expect(take(slip).map((s) => s['destination'])).toEqual([{ topics: 't1' }, { topics: 't2' }]);
  });

  it('should never change the slip it is given (slips are shared between messages)', () => {
    const slip: RoutingSlip = {
      steps: [{ agent: { id: 'other' } }, { agent: { id: 'a1' }, route_times: 2 }],
    };
    const before = structuredClone(slip);
    const { remaining } = takeNextSteps(slip, query);
    expect(slip).toEqual(before);
    expect(remaining.steps).toEqual([
      { agent: { id: 'other' } },
      { agent: { id: 'a1' }, route_times: 1 },
    ]);
    expect(takeNextSteps({ steps: [{ agent: { id: 'x' } }] }, query).remaining.steps).toHaveLength(
      1,
    );
  });
});
