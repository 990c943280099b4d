import { readFileSync } from 'node:fs';
import { fixturePath } from '../__tests__/fixture-path';
import { GuildSpecError } from '../errors/guild-spec-error';
import { loadGuildSpecFile, loadGuildSpecText, validateGuildSpecText } from './load-guild-spec';

describe(loadGuildSpecFile, () => {
  describe('having an upstream YAML spec', () => {
    it('should load the guild and its agent', () => {
      const { spec } = loadGuildSpecFile(fixturePath('guild_specs', 'test_guild.yaml'));
      expect(spec.id).toBe('test_guild_id');
      expect(spec.name).toBe('test_guild_name');
      expect(spec.agents).toHaveLength(1);
      expect(spec.agents[0]).toMatchObject({
        id: 'agent1',
        name: 'Simple Agent',
        className: 'guild.simple_agent.SimpleAgent',
        additionalTopics: [],
        listenToDefaultTopic: true,
        actOnlyWhenTagged: false,
      });
    });
  });

  describe('having an upstream JSON spec', () => {
    it('should keep the messaging properties as written', () => {
      const { spec } = loadGuildSpecFile(fixturePath('guild_specs', 'test_guild.json'));
      expect(spec.name).toBe('test_guild_name');
      expect(spec.agents[0]?.name).toBe('Simple Agent');
      expect(spec.properties['messaging']).toEqual({
        backend_module: 'rustic_ai.core.messaging.backend',
        backend_class: 'InMemoryMessagingBackend',
        backend_config: {},
      });
    });
  });

  describe.each(['yaml', 'json'])('having configuration variables in %s', (ext) => {
    const load = () =>
      loadGuildSpecFile(fixturePath('guild_specs', `test_guild_with_variables.${ext}`)).spec;

    it('should render agent fields with Mustache', () => {
      const agent = load().agents[0];
      expect(agent?.name).toBe('asdf');
      expect(agent?.description).toBe('asdf - A simple agent with variable properties');
    });

    it('should keep an int an int', () => {
      expect(load().agents[0]?.properties).toEqual({ prop1: 'custom/model_1', prop2: 2 });
    });
  });

  describe('having configuration variables in routes and dependency_map', () => {
    it('should render routes but leave dependency_map as written', () => {
      const { spec } = loadGuildSpecFile(
        fixturePath('guild_specs', 'test_guild_with_variables.yaml'),
      );
      expect(spec.routes.steps[0]).toEqual({
        agent: { name: 'asdf' },
        origin_filter: { origin_message_format: 'generic_json' },
        destination: { topics: 'asdf_out' },
      });
      expect(spec.dependencyMap['store']?.properties).toEqual({ prefix: '{{ model_id }}' });
    });
  });

  describe('having a file that does not exist', () => {
    it('should throw FILE_NOT_FOUND naming the file', () => {
      expect(() => loadGuildSpecFile(fixturePath('nope.yaml'))).toThrow(/nope\.yaml/);
      try {
        loadGuildSpecFile(fixturePath('nope.yaml'));
      } catch (error) {
        expect(GuildSpecError.is(error, 'FILE_NOT_FOUND')).toBe(true);
      }
    });
  });
});

describe(loadGuildSpecText, () => {
  describe('having JSON with a syntax error', () => {
    it('should report JSON_SYNTAX with a line', () => {
      const report = validateGuildSpecText({
        text: '{\n  "name": "g",\n  "description": "d",\n}',
        format: 'json',
      });
      expect(report.valid).toBe(false);
      expect(report.problems[0]).toMatchObject({ code: 'JSON_SYNTAX', line: 4 });
    });
  });

  describe('having a variable missing from configuration', () => {
    it('should report it with the closest configured name', () => {
      const report = validateGuildSpecText({
        format: 'yaml',
        text: [
          'name: g',
          'description: d',
          'configuration: { model_id: m }',
          'agents:',
          '  - { name: a, description: "{{ modelid }}", class_name: A }',
        ].join('\n'),
      });
      expect(report.valid).toBe(false);
      expect(report.problems[0]).toMatchObject({
        path: 'agents[0].description',
        line: 5,
        suggestion: 'model_id',
      });
    });
  });

  describe('having YAML text equal to a JSON file', () => {
    it('should load the same spec from both formats', () => {
      const file = fixturePath('guild_specs', 'test_guild.json');
      const text = readFileSync(file, 'utf8');
      expect(loadGuildSpecText({ text, format: 'yaml' }).spec).toEqual(
        loadGuildSpecText({ text, format: 'json' }).spec,
      );
    });
  });
});
