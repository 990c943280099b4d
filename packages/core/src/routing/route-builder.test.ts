import { BasicWiringAgent } from '../agents/eip/basic-wiring-agent';
import { AgentBuilder } from '../guild/agent-builder';
import { type JsonObject } from '../messaging/json';
import { RouteBuilder } from './route-builder';

// Ported from upstream's core/tests/guild/test_route_builder.py. Upstream builds typed
// RoutingRule objects; Guildkit builds the same rule as the snake_case JSON of a spec's
// routes.steps[], so the assertions read the JSON.
describe(RouteBuilder, () => {
  it('should build a route with a payload transformer (test_route_builder_with_payload_transformer)', () => {
    const agentTag = { name: 'agent1' };
    const recipient2 = { name: 'recipient2' };
    const route = new RouteBuilder(agentTag)
      .fromMethod('handle_input')
      .onMessageFormat('TextMessage')
      .filterOnOrigin({
        originSender: recipient2,
        originTopic: 'origin.topic',
        originMessageFormat: 'OriginFormat',
      })
      .setDestinationTopics(['topic1', 'topic2'])
      .addRecipients([recipient2])
      .markForwarded(true)
      .setRouteTimes(3)
      .setPayloadTransformer('DummyModel', '{"key1": "value1"}')
      .setAgentStateUpdate('{"agent_key_1": "value_1"}')
      .setGuildStateUpdate('{"guild_key_1": "value_1"}')
      .setProcessStatus('running')
      .build();

    expect(route['agent']).toEqual({ name: 'agent1' });
    expect(route['method_name']).toBe('handle_input');
    expect(route['message_format']).toBe('TextMessage');
    const origin = route['origin_filter'] as JsonObject;
    expect(origin['origin_topic']).toBe('origin.topic');
    expect((origin['origin_sender'] as JsonObject)['name']).toBe('recipient2');
    expect(origin['origin_message_format']).toBe('OriginFormat');
    const destination = route['destination'] as JsonObject;
    expect(destination['topics']).toEqual(['topic1', 'topic2']);
    expect(destination['recipient_list']).toHaveLength(1);
    expect(route['mark_forwarded']).toBe(true);
    expect(route['route_times']).toBe(3);
    expect(route['transformer']).toMatchObject({
      style: 'simple',
      output_format: 'DummyModel',
      expression: '{"key1": "value1"}',
    });
    expect(route['agent_state_update']).toEqual({
      update_format: 'json-merge-patch',
      state_update: '{"agent_key_1": "value_1"}',
    });
    expect(route['guild_state_update']).toEqual({
      update_format: 'json-merge-patch',
      state_update: '{"guild_key_1": "value_1"}',
    });
    expect(route['process_status']).toBe('running');
  });

  it('should build a route with a functional transformer (test_route_builder_with_functional_transformer)', () => {
    const testAgentSpec = new AgentBuilder(BasicWiringAgent)
      .setId('test_agent')
      .setName('Test Agent')
      .setDescription('TestAgent')
      .addAdditionalTopic('TEST')
      .listenToDefaultTopic(false)
      .buildSpec();
    const route = new RouteBuilder(testAgentSpec)
      .fromMethod('handle_func_input')
      .onMessageFormat('JsonMessage')
      .setFunctionalTransformer('{"payload": {"key1": "value1"}, "format": "testing"}')
      .build();

    expect((route['agent'] as JsonObject)['name']).toBe(testAgentSpec.name);
    expect(route['method_name']).toBe('handle_func_input');
    expect(route['message_format']).toBe('JsonMessage');
    const transformer = route['transformer'] as JsonObject;
    expect(transformer['style']).toBe('content_based_router');
    expect(transformer['handler']).toContain(
      '{"payload": {"key1": "value1"}, "format": "testing"}',
    );
  });

  it('should build a route with a reason (test_route_builder_with_reason)', () => {
    const route = new RouteBuilder(BasicWiringAgent)
      .setDestinationTopics('user_outbox:test_user')
      .setReason('simply doing my job')
      .setProcessStatus('completed')
      .build();

    expect(route['agent_type']).toBe('BasicWiringAgent');
    expect(route['reason']).toBe('simply doing my job');
    expect(route['process_status']).toBe('completed');
  });
});
