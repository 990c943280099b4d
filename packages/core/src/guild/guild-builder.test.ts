import { rejectionOf, errorOf } from '../__tests__/capture-error';
import { Agent } from '../agent/agent';
import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { agentRegistry } from '../registry/agent-registry';
import { AgentBuilder } from './agent-builder';
import { GuildBuilder } from './guild-builder';
import { type GuildSpec } from '../spec/guild-spec';

class SimpleAgent extends Agent {
  static readonly receivesMessages = false;
}
class OtherSimpleAgent extends Agent {
  static readonly receivesMessages = false;
}

function agentSpec(id: string) {
  return new AgentBuilder(SimpleAgent)
    .setId(id)
    .setName(`Agent ${id}`)
    .setDescription('A simple agent')
    .buildSpec();
}

describe(GuildBuilder, () => {
  it('should build a spec from its setters (test_initialization, test_empty_initialization)', () => {
    const spec = new GuildBuilder({ id: 'g1' })
      .setName('test_guild_name')
      .setDescription('A test guild')
      .setProperty('test_prop', 'something')
      .buildSpec();
    expect(spec).toEqual({
      id: 'g1',
      name: 'test_guild_name',
      description: 'A test guild',
      properties: { test_prop: 'something' },
      agents: [],
      dependencyMap: {},
      routes: { steps: [] },
    });
  });

  it('should write execution engine and messaging into properties (test_set_messaging)', () => {
    const spec = new GuildBuilder()
      .setName('g')
      .setDescription('d')
      .setProperty('existing', 1)
      .setExecutionEngine(
        'rustic_ai.core.guild.execution.sync.sync_exec_engine.SyncExecutionEngine',
      )
      .setMessaging({ backendClass: 'InMemoryMessagingBackend', backendConfig: { a: 1 } })
      .buildSpec();
    expect(Object.keys(spec.properties)).toHaveLength(3);
    expect(spec.properties['messaging']).toEqual({
      backend_module: 'rustic_ai.core.messaging.backend',
      backend_class: 'InMemoryMessagingBackend',
      backend_config: { a: 1 },
    });
  });

  it('should refuse a second agent with the same id (test_add_agent)', () => {
    const builder = new GuildBuilder()
      .setName('g')
      .setDescription('d')
      .addAgentSpec(agentSpec('a1'));
    const error = errorOf(() => builder.addAgentSpec(agentSpec('a1')));
    expect([error.code, error.message]).toEqual([
      'AGENT_EXISTS',
      'Agent "Agent a1" (id "a1") already exists in guild.',
    ]);
  });

  it('should require name and description (test_guild_spec_required_fields)', () => {
    expect(errorOf(() => new GuildBuilder().buildSpec()).message).toBe(
      'Missing required fields for the guild spec: name, description. Call setName/setDescription() before building.',
    );
    expect(
      errorOf(() => new GuildBuilder().setName('x'.repeat(65)).setDescription('d').buildSpec())
        .code,
    ).toBe('SPEC_INVALID');
    expect(
      errorOf(() => new GuildBuilder().setName('  ').setDescription('d').buildSpec()).message,
    ).toMatch(/: name\. Call setName\(\)/);
  });

  it('should keep an id across buildSpec calls and copy specs defensively', () => {
    const builder = new GuildBuilder()
      .setName('g')
      .setDescription('d')
      .addAgentSpec(agentSpec('a1'));
    const first = builder.buildSpec();
    first.agents.pop();
    expect(builder.buildSpec().id).toBe(first.id);
    expect(builder.buildSpec().agents).toHaveLength(1);
  });

  it('should round-trip a spec through fromSpec and launch it (test_spec_build, test_guild_launch)', async () => {
    const spec: GuildSpec = new GuildBuilder({ id: 'g2' })
      .setName('g')
      .setDescription('d')
      .addAgentSpec(agentSpec('a1'))
      .addAgentSpec(agentSpec('a2'))
      .buildSpec();
    expect(GuildBuilder.fromSpec(spec).buildSpec()).toEqual(spec);
    const guild = await GuildBuilder.fromSpec(spec).launch('org');
    expect(guild.agentCount).toBe(2);
    expect(guild.getAgent('a1')).toEqual(spec.agents[0]);
    expect(guild.spec).toEqual(spec);
    await guild.shutdown();
  });

  it('should launch on a shared bus without closing it', async () => {
    const bus = new InMemoryMessageBus();
    const guild = await new GuildBuilder().setName('g').setDescription('d').launch('org', { bus });
    await guild.shutdown();
    await expect(
      bus.subscribe('x', 't', { id: 'a', handler: () => undefined }),
    ).resolves.toMatchObject({ namespace: 'x', topic: 't' });
    await bus.close();
  });

  it('should name the agent and list known classes for an unknown agent class', async () => {
    const spec = { ...agentSpec('a1'), className: 'SimpleAgnt' };
    const error = await rejectionOf(
      new GuildBuilder().setName('g').setDescription('d').addAgentSpec(spec).launch('org'),
    );
    expect(error.code).toBe('AGENT_CLASS_NOT_FOUND');
    expect(error.message).toMatch(
      /^Agent "Agent a1" \(a1\) of guild "g": Unknown agent class "SimpleAgnt"\. Did you mean "SimpleAgent"\?/,
    );
  });

  it('should refuse an unsupported messaging backend', async () => {
    const error = await rejectionOf(
      new GuildBuilder()
        .setName('g')
        .setDescription('d')
        .setMessaging({ backendClass: 'RedisMessagingBackend' })
        .launch('org'),
    );
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.message).toMatch(
      /^properties\.messaging\.backend_class: Unknown messaging backend "RedisMessagingBackend"\..*Known names: InMemoryMessageBus, InMemoryMessagingBackend, .*Install the package that provides it/,
    );
  });

  it('should shut down everything already started when an agent fails to start', async () => {
    const stopped: string[] = [];
    class Stops extends Agent {
      static readonly receivesMessages = false;
      override onStop(): void {
        stopped.push(this.id);
      }
    }
    class FailsToStart extends Agent {
      static readonly receivesMessages = false;
      override onStart(): never {
        throw new Error('no config');
      }
    }
    const error = await rejectionOf(
      new GuildBuilder()
        .setName('g')
        .setDescription('d')
        .addAgentSpec(
          new AgentBuilder(Stops).setId('ok').setName('ok').setDescription('d').buildSpec(),
        )
        .addAgentSpec(
          new AgentBuilder(FailsToStart)
            .setId('bad')
            .setName('bad')
            .setDescription('d')
            .buildSpec(),
        )
        .launch('org'),
    );
    expect([error.code, error.message]).toEqual([
      'AGENT_START_FAILED',
      'Agent "bad" (bad) of guild "g": no config',
    ]);
    expect(stopped).toEqual(['ok']);
  });
});

describe(AgentBuilder, () => {
  it('should build a spec with defaults and the registered class name (test_agent_spec)', () => {
    const spec = new AgentBuilder(SimpleAgent)
      .setId('a')
      .setName('Simple Agent')
      .setDescription('desc')
      .addAdditionalTopic('test_topic')
      .addAdditionalTopic('test_topic')
      .setProperties({ prop1: 'value1', prop2: 2 })
      .buildSpec();
    expect(spec).toEqual({
      id: 'a',
      name: 'Simple Agent',
      description: 'desc',
      className: 'SimpleAgent',
      properties: { prop1: 'value1', prop2: 2 },
      additionalTopics: ['test_topic'],
      listenToDefaultTopic: true,
      actOnlyWhenTagged: false,
      dependencyMap: {},
      additionalDependencies: [],
    });
    expect(agentRegistry.has('SimpleAgent')).toBe(true);
  });

  it('should set the remaining fields', () => {
    const spec = new AgentBuilder('pkg#Agent')
      .setName('n')
      .setDescription('d')
      .listenToDefaultTopic(false)
      .actOnlyWhenTagged(true)
      .setDependencyMap({ a: { className: 'A' } })
      .addDependencyResolver('b', { className: 'B', properties: { x: 1 } })
      .setAdditionalDependencies(['dep1', 'dep2'])
      .addAdditionalDependency('dep3')
      .buildSpec();
    expect(spec).toMatchObject({
      className: 'pkg#Agent',
      listenToDefaultTopic: false,
      actOnlyWhenTagged: true,
      dependencyMap: { a: { className: 'A' }, b: { className: 'B', properties: { x: 1 } } },
      additionalDependencies: ['dep1', 'dep2', 'dep3'],
    });
    expect(spec.id).toMatch(/^[0-9a-f]{22}$/);
  });

  it('should require name and description (test_agent_spec_required_fields)', () => {
    expect(errorOf(() => new AgentBuilder(SimpleAgent).setName('n').buildSpec()).message).toBe(
      'Missing required fields for the agent spec: description. Call setDescription() before building.',
    );
  });

  it('should refuse a second class under a taken class name', () => {
    const Impostor = class SimpleAgent extends Agent {};
    expect(
      errorOf(() => new AgentBuilder(Impostor).setName('n').setDescription('d').buildSpec()).code,
    ).toBe('REGISTRY_CONFLICT');
    expect(
      new AgentBuilder(OtherSimpleAgent).setName('n').setDescription('d').buildSpec().className,
    ).toBe('OtherSimpleAgent');
  });
});
