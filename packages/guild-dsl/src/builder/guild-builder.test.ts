import { fixturePath } from '../__tests__/fixture-path';
import { GuildSpecError } from '../errors/guild-spec-error';
import { GuildBuilder } from './guild-builder';

describe(GuildBuilder, () => {
  describe('fromYamlFile', () => {
    it('should build the spec of the file', () => {
      const spec = GuildBuilder.fromYamlFile(fixturePath('guild_specs', 'test_guild.yaml'), {
        checkClassNames: false,
      }).buildSpec();
      expect(spec.name).toBe('test_guild_name');
      expect(spec.agents[0]?.name).toBe('Simple Agent');
    });

    it('should reject a class name no registry knows, suggesting none when none is close', () => {
      expect(() =>
        GuildBuilder.fromYamlFile(fixturePath('guild_specs', 'test_guild.yaml')),
      ).toThrow(/unknown agent class 'guild\.simple_agent\.SimpleAgent'/);
    });

    it('should accept upstream resolver names through the registry aliases', () => {
      const yaml = [
        'name: g',
        'description: d',
        'dependency_map:',
        '  code_executor:',
        '    class_name: rustic_ai.core.guild.agent_ext.depends.code_execution.stateful.python_exec_executor.PythonExecExecutorResolver',
        '    properties: { whitelisted_imports: [math] }',
      ].join('\n');
      expect(GuildBuilder.fromYaml(yaml).buildSpec().dependencyMap['code_executor']).toEqual({
        className:
          'rustic_ai.core.guild.agent_ext.depends.code_execution.stateful.python_exec_executor.PythonExecExecutorResolver',
        properties: { whitelisted_imports: ['math'] },
      });
    });
  });

  describe('fromJson', () => {
    it('should build the same spec as the equivalent YAML', () => {
      const json =
        '{"id": "g", "name": "g", "description": "d", "properties": {"execution_engine": "SyncExecutionEngine"}}';
      const yaml =
        'id: g\nname: g\ndescription: d\nproperties:\n  execution_engine: SyncExecutionEngine\n';
      expect(GuildBuilder.fromJson(json).buildSpec()).toEqual(
        GuildBuilder.fromYaml(yaml).buildSpec(),
      );
    });

    it('should throw a GuildSpecError listing every problem', () => {
      const json = '{"name": "", "description": "", "agents": [{"name": "a"}]}';
      let error: unknown;
      try {
        GuildBuilder.fromJson(json);
      } catch (e) {
        error = e;
      }
      expect(GuildSpecError.is(error, 'SPEC_INVALID')).toBe(true);
      expect((error as GuildSpecError).problems.map((p) => p.path)).toEqual([
        'name',
        'description',
        'agents[0].description',
        'agents[0].class_name',
      ]);
    });
  });

  describe('toYaml', () => {
    it('should round-trip through fromYaml', () => {
      const builder = GuildBuilder.fromYamlFile(fixturePath('launch', 'guild.yaml'));
      const again = GuildBuilder.fromYaml(builder.toYaml(), { baseDir: fixturePath('launch') });
      expect(again.buildSpec()).toEqual(builder.buildSpec());
    });

    it('should round-trip a builder made in code', () => {
      const builder = new GuildBuilder({ name: 'Made in code', description: 'no YAML involved' })
        .setMessaging({ backendClass: 'InMemoryMessagingBackend' })
        .addDependencyResolver('code_executor', {
          className: 'PythonExecExecutorResolver',
          properties: { whitelisted_imports: ['math'], timeout_seconds: 5 },
        });
      expect(GuildBuilder.fromYaml(builder.toYaml()).buildSpec()).toEqual(builder.buildSpec());
    });
  });
});
