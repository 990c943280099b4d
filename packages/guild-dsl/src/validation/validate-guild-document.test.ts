// Registers PythonExecExecutorResolver, whose static propertySchema these tests rely on.
import '@guildkit/python-exec';
import { fixturePath } from '../__tests__/fixture-path';
import { validateGuildSpecFile, validateGuildSpecText } from '../loader/load-guild-spec';
import { type SpecProblem } from './spec-problem';

const known = {
  agentClasses: ['CodeExecutionAgent', 'SimpleAgent'],
  resolverClasses: ['PythonExecExecutorResolver'],
};

function validateYaml(lines: string[]) {
  return validateGuildSpecText({ text: lines.join('\n'), format: 'yaml' }, known);
}

function byPath(problems: SpecProblem[], path: string): SpecProblem | undefined {
  return problems.find((p) => p.path === path);
}

describe('guild spec validation', () => {
  describe('having a spec with many mistakes', () => {
    const report = validateGuildSpecFile(fixturePath('invalid', 'many-problems.yaml'), known);

    it('should report every problem at once', () => {
      expect(report.valid).toBe(false);
      expect(report.problems.map((p) => p.path)).toEqual([
        'dependency_map.code_executor.properties.whitelisted_imports',
        'dependency_map.code_executor.properties.timeout_secs',
        'agents[0].class_name',
        'agents[0].class_nme',
        'agents[1].class_name',
        'agents[1].listen_to_default_topic',
        'agents[1].dependency_map.code_executor.properties.whitelisted_imports[1]',
        'agents[1].dependency_map.code_executor.properties.memory_limit_mb',
      ]);
    });

    it('should give file, line, column and what was expected', () => {
      expect(
        byPath(report.problems, 'dependency_map.code_executor.properties.whitelisted_imports'),
      ).toMatchObject({
        file: expect.stringMatching(/many-problems\.yaml$/) as unknown,
        line: 7,
        column: 28,
        message: 'expected a list of strings',
      });
      expect(
        byPath(
          report.problems,
          'agents[1].dependency_map.code_executor.properties.memory_limit_mb',
        ),
      ).toMatchObject({ line: 22, message: 'expected an integer from 64 to 3584' });
    });

    it('should suggest the closest known key and class name', () => {
      expect(
        byPath(report.problems, 'dependency_map.code_executor.properties.timeout_secs'),
      ).toMatchObject({ code: 'UNKNOWN_KEY', suggestion: 'timeout_seconds', line: 8, column: 7 });
      expect(byPath(report.problems, 'agents[0].class_nme')?.suggestion).toBe('class_name');
      expect(byPath(report.problems, 'agents[1].class_name')).toMatchObject({
        code: 'UNKNOWN_CLASS',
        suggestion: 'CodeExecutionAgent',
      });
    });
  });

  describe('having upstream keys Guildkit ignores', () => {
    it('should warn and stay valid', () => {
      const report = validateGuildSpecFile(fixturePath('invalid', 'upstream-extras.yaml'));
      expect(report.valid).toBe(true);
      expect(report.problems.map((p) => [p.severity, p.path])).toEqual([
        ['warning', 'gateway'],
        ['warning', 'agents[0].qos'],
      ]);
    });
  });

  describe('having guild fields out of range', () => {
    it.each([
      ['an empty name', 'name: ""', 'name', 'must not be empty'],
      ['a name over 64 characters', `name: ${'x'.repeat(65)}`, 'name', 'must be at most 64'],
      ['no name', '', 'name', 'is required'],
    ])('should reject %s', (_, nameLine, path, message) => {
      const report = validateYaml([nameLine, 'description: d']);
      expect(report.valid).toBe(false);
      expect(byPath(report.problems, path)?.message).toContain(message);
    });

    it('should reject an empty description', () => {
      const report = validateYaml(['name: g', 'description: "  "']);
      expect(byPath(report.problems, 'description')?.message).toBe('must not be empty');
    });
  });

  describe('having empty properties and no agents', () => {
    it('should accept the spec and apply the defaults', () => {
      const report = validateYaml(['name: g', 'description: d', 'properties: {}']);
      expect(report.valid).toBe(true);
      expect(report.spec).toEqual({
        id: 'g',
        name: 'g',
        description: 'd',
        properties: {},
        agents: [],
        dependencyMap: {},
        routes: { steps: [] },
      });
    });
  });

  describe('having agent specs that break the rules', () => {
    it.each([
      ['an empty name', '{ name: "", description: d, class_name: SimpleAgent }', 'agents[0].name'],
      [
        'an empty description',
        '{ name: a, description: "", class_name: SimpleAgent }',
        'agents[0].description',
      ],
      ['a missing class_name', '{ name: a, description: d }', 'agents[0].class_name'],
      [
        'an unknown class',
        '{ name: a, description: d, class_name: invalid_class_name }',
        'agents[0].class_name',
      ],
      [
        'properties that are not a mapping',
        '{ name: a, description: d, class_name: SimpleAgent, properties: [1] }',
        'agents[0].properties',
      ],
    ])('should reject %s', (_, agent, path) => {
      const report = validateYaml(['name: g', 'description: d', 'agents:', `  - ${agent}`]);
      expect(report.valid).toBe(false);
      expect(report.problems.map((p) => p.path)).toContain(path);
    });

    it('should reject two agents with the same name', () => {
      const report = validateYaml([
        'name: g',
        'description: d',
        'agents:',
        '  - { id: a, name: Same, description: d, class_name: SimpleAgent }',
        '  - { id: b, name: Same, description: d, class_name: SimpleAgent }',
      ]);
      expect(byPath(report.problems, 'agents[1].name')).toMatchObject({
        code: 'DUPLICATE_ID',
        line: 5,
      });
    });

    it('should reject an additional dependency nobody declares', () => {
      const report = validateYaml([
        'name: g',
        'description: d',
        'dependency_map: { code_executor: { class_name: PythonExecExecutorResolver } }',
        'agents:',
        '  - { name: a, description: d, class_name: SimpleAgent, additional_dependencies: [code_executr] }',
      ]);
      expect(byPath(report.problems, 'agents[0].additional_dependencies[0]')?.suggestion).toBe(
        'code_executor',
      );
    });
  });

  describe('having a relative class specifier', () => {
    it('should accept an existing file and reject a missing one', () => {
      const source = (className: string) => ({
        format: 'yaml' as const,
        baseDir: __dirname,
        text: `name: g\ndescription: d\nagents:\n  - { name: a, description: d, class_name: "${className}" }`,
      });
      expect(validateGuildSpecText(source('./problem-collector#Agent'), known).valid).toBe(true);
      const missing = validateGuildSpecText(source('./no-such-file#Agent'), known);
      expect(missing.problems[0]).toMatchObject({
        code: 'FILE_NOT_FOUND',
        path: 'agents[0].class_name',
      });
    });
  });

  describe('having the upstream dotted resolver name', () => {
    it('should validate its properties with the same schema', () => {
      const fqcn =
        'rustic_ai.core.guild.agent_ext.depends.code_execution.stateful.python_exec_executor.PythonExecExecutorResolver';
      const report = validateGuildSpecText({
        format: 'yaml',
        text: `name: g\ndescription: d\ndependency_map:\n  code_executor:\n    class_name: ${fqcn}\n    properties: { default_imports: { np: 1 } }`,
      });
      expect(report.problems.map((p) => [p.path, p.message])).toEqual([
        [
          'dependency_map.code_executor.properties.default_imports.np',
          'expected a dotted module name',
        ],
      ]);
    });

    it('should refuse the modules the resolver refuses at launch, with its own rule', () => {
      const report = validateYaml([
        'name: g',
        'description: d',
        'dependency_map:',
        '  code_executor:',
        '    class_name: PythonExecExecutorResolver',
        '    properties: { whitelisted_imports: [math, js, pyodide_js.api] }',
      ]);
      expect(report.problems.map((p) => [p.path, p.message, p.line])).toEqual([
        [
          'dependency_map.code_executor.properties.whitelisted_imports[1]',
          "'js' reaches the JavaScript host and cannot be allowed",
          6,
        ],
        [
          'dependency_map.code_executor.properties.whitelisted_imports[2]',
          "'pyodide_js' reaches the JavaScript host and cannot be allowed",
          6,
        ],
      ]);
    });
  });

  describe('having routes with agent_type wildcards', () => {
    it.each(['*', 'rustic_ai.core.agents.*', '*GatewayAgent'])(
      'should keep %s and the destination as written',
      (agentType) => {
        const route = {
          agent_type: agentType,
          destination: { topics: ['a', 'b'] },
          route_times: -1,
          reason: 'fan out',
        };
        const text = JSON.stringify({
          name: 'g',
          description: 'd',
          routes: { steps: [route, { ...route, destination: { topics: 'one' } }] },
        });
        const report = validateGuildSpecText({ text, format: 'json' });
        expect(report.valid).toBe(true);
        expect(report.spec?.routes.steps[0]).toEqual(route);
        expect(report.spec?.routes.steps[1]?.['destination']).toEqual({ topics: 'one' });
      },
    );

    it('should reject a destination topic that is neither a string nor a list of strings', () => {
      const text =
        'name: g\ndescription: d\nroutes:\n  steps:\n    - { agent_type: "*", destination: { topics: 3 } }';
      const report = validateGuildSpecText({ text, format: 'yaml' });
      expect(report.problems[0]).toMatchObject({
        path: 'routes.steps[0].destination.topics',
        message: 'expected a string or a list of strings',
        line: 5,
      });
    });
  });
});
