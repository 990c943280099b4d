import { readFileSync } from 'node:fs';
import { fixturePath } from '../__tests__/fixture-path';
import { GuildSpecError } from '../errors/guild-spec-error';
import { loadGuildSpecFile, loadGuildSpecText } from './load-guild-spec';

function errorOf(load: () => unknown): GuildSpecError {
  try {
    load();
  } catch (error) {
    if (GuildSpecError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a GuildSpecError');
}

describe('modular guild loading', () => {
  describe('having !include and !code', () => {
    it('should assemble the guild from its files', () => {
      const { spec } = loadGuildSpecFile(fixturePath('modular_guild', 'guild.yaml'));
      expect(spec.id).toBe('modular_guild');
      expect(spec.name).toBe('Modular Guild');
      expect(spec.agents.map((a) => a.name)).toEqual(['BasicWiringAgent']);
      const transformer = spec.routes.steps[0]?.['transformer'] as Record<string, unknown>;
      expect(transformer['style']).toBe('content_based_router');
      expect(transformer['handler']).toBe(
        readFileSync(fixturePath('modular_guild', 'script.jsonata'), 'utf8'),
      );
    });
  });

  describe('having an !include of a missing file', () => {
    it('should fail with FILE_NOT_FOUND naming the file and the include site', () => {
      const error = errorOf(() => loadGuildSpecFile(fixturePath('missing_include.yaml')));
      expect(error.code).toBe('FILE_NOT_FOUND');
      expect(error.message).toContain('no_such_agent.yaml');
      expect(error.problems[0]).toMatchObject({ line: 4, column: 14 });
    });
  });

  describe('having a !code of a missing file', () => {
    it('should fail with FILE_NOT_FOUND naming the file', () => {
      const error = errorOf(() => loadGuildSpecFile(fixturePath('missing_code.yaml')));
      expect(error.code).toBe('FILE_NOT_FOUND');
      expect(error.message).toContain('no_such_script.py');
    });
  });

  describe('having files that include each other', () => {
    it('should report the cycle with both files', () => {
      const error = errorOf(() => loadGuildSpecFile(fixturePath('circular', 'a.yaml')));
      expect(error.code).toBe('CIRCULAR_INCLUDE');
      expect(error.message).toContain('Circular');
      expect(error.message).toContain('a.yaml');
      expect(error.message).toContain('b.yaml');
    });
  });

  describe('having an included file with invalid YAML', () => {
    it('should report YAML_SYNTAX in the included file', () => {
      const error = errorOf(() => loadGuildSpecFile(fixturePath('invalid_include', 'guild.yaml')));
      expect(error.code).toBe('YAML_SYNTAX');
      expect(error.problems[0]?.file).toMatch(/broken\.yaml$/);
      expect(error.problems[0]?.line).toBeGreaterThan(1);
    });
  });

  describe('having an !include of a non-YAML file', () => {
    it('should point to !code', () => {
      const error = errorOf(() => loadGuildSpecFile(fixturePath('non_yaml_include', 'guild.yaml')));
      expect(error.code).toBe('INCLUDE_UNSUPPORTED');
      expect(error.message).toContain('!include only supports');
      expect(error.message).toContain('!code');
      expect(error.message).toContain('.txt');
    });
  });

  describe('having a !code file of any extension', () => {
    it('should load it as text', () => {
      const { spec } = loadGuildSpecFile(fixturePath('code_any_ext', 'guild.yaml'));
      expect(spec.agents[0]?.properties['script']).toBe('total = sum(range(10))\nprint(total)\n');
    });
  });

  describe('having spec text without includes', () => {
    it('should load it', () => {
      const text = 'name: Text guild\ndescription: from a string\nagents: []\n';
      const { spec } = loadGuildSpecText({ text, format: 'yaml' });
      expect(spec).toMatchObject({ id: 'text-guild', name: 'Text guild', agents: [] });
    });
  });

  describe('having spec text with includes and a base directory', () => {
    it('should resolve the includes from the base directory', () => {
      const text = 'name: Text guild\ndescription: d\nagents:\n  - !include agent.yaml\n';
      const { spec } = loadGuildSpecText({
        text,
        format: 'yaml',
        baseDir: fixturePath('modular_guild'),
      });
      expect(spec.agents[0]?.name).toBe('BasicWiringAgent');
    });
  });

  describe('having includes nested three levels deep with relative paths', () => {
    it('should resolve each path from the including file', () => {
      const { spec } = loadGuildSpecFile(fixturePath('nested', 'guild.yaml'));
      expect(spec.agents[0]).toMatchObject({
        name: 'Deep Agent',
        properties: { script: 'output = 42\n' },
      });
    });

    it('should locate problems in the innermost file', () => {
      const error = errorOf(() =>
        loadGuildSpecFile(fixturePath('nested', 'guild.yaml'), { agentClasses: ['Other'] }),
      );
      expect(error.problems[0]).toMatchObject({ path: 'agents[0].class_name', line: 3 });
      expect(error.problems[0]?.file).toMatch(/level2[/\\]agent\.yaml$/);
    });
  });
});
