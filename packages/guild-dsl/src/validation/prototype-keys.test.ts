// Registers PythonExecExecutorResolver, whose static propertySchema these tests rely on.
import '@guildkit/python-exec';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateGuildSpecFile } from '../loader/load-guild-spec';

// Keys named like Object.prototype members are ordinary keys: reported when unknown, kept and
// validated when allowed, never resolved to an inherited function.
const known = {
  agentClasses: ['SimpleAgent'],
  resolverClasses: ['PythonExecExecutorResolver'],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guildkit-proto-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function validate(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return validateGuildSpecFile(file, known);
}

describe('keys named like Object.prototype members', () => {
  it('should report constructor and toString as unknown keys of the guild and an agent', () => {
    const report = validate(
      'unknown.yaml',
      [
        'name: g',
        'description: d',
        'constructor: 1',
        'toString: x',
        'agents:',
        '  - { name: a, description: d, class_name: SimpleAgent, hasOwnProperty: 1 }',
      ].join('\n'),
    );
    expect(report.problems.map((p) => [p.code, p.path, p.line])).toEqual([
      ['UNKNOWN_KEY', 'constructor', 3],
      ['UNKNOWN_KEY', 'toString', 4],
      ['UNKNOWN_KEY', 'agents[0].hasOwnProperty', 6],
    ]);
  });

  const dependencySpec = (ext: string, deps: Record<string, unknown>): string => {
    const json = JSON.stringify({ name: 'g', description: 'd', dependency_map: deps });
    // JSON is YAML: the same text is read by both readers, into prototype-free mappings.
    return ext === 'json' ? json : `# YAML\n${json.replace(/^\{/, '{ ')}`;
  };
  const bad = {
    class_name: 'PythonExecExecutorResolver',
    properties: { bogus: 1, timeout_seconds: -1 },
  };
  const good = { class_name: 'PythonExecExecutorResolver', properties: { timeout_seconds: 5 } };
  // An object literal would take `__proto__` as its prototype; JSON.parse makes it a key.
  const withProto = (
    value: unknown,
    rest: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    ...(JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as object),
    ...rest,
  });

  describe.each(['yaml', 'json'])('having a __proto__ dependency in a .%s spec', (ext) => {
    it('should report its invalid properties', () => {
      const report = validate(`bad-proto.${ext}`, dependencySpec(ext, withProto(bad)));
      expect(report.problems.map((p) => [p.code, p.path])).toEqual([
        ['UNKNOWN_KEY', 'dependency_map.__proto__.properties.bogus'],
        ['SPEC_INVALID', 'dependency_map.__proto__.properties.timeout_seconds'],
      ]);
      expect(report.problems.every((p) => p.line !== undefined)).toBe(true);
    });

    it('should keep a valid one in the spec as an ordinary key', () => {
      const deps = withProto(good, { constructor: { class_name: 'PythonExecExecutorResolver' } });
      const report = validate(`good-proto.${ext}`, dependencySpec(ext, deps));
      expect(report.problems).toEqual([]);
      const map = report.spec?.dependencyMap ?? {};
      expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
      expect(Object.getOwnPropertyDescriptor(map, '__proto__')?.value).toEqual({
        className: 'PythonExecExecutorResolver',
        properties: { timeout_seconds: 5 },
      });
    });
  });

  it('should report a configuration name that only an Object.prototype member matches', () => {
    const report = validate(
      'config.yaml',
      [
        'name: g',
        'description: d',
        'configuration: { agent: x }',
        'agents:',
        '  - { name: "{{ constructor }}", description: "{{ toString }}", class_name: SimpleAgent }',
      ].join('\n'),
    );
    expect(report.problems.map((p) => [p.path, p.message])).toEqual(
      expect.arrayContaining([
        ['agents[0].name', "'{{ constructor }}' is not defined in configuration; add it there"],
        ['agents[0].description', "'{{ toString }}' is not defined in configuration; add it there"],
      ]),
    );
  });
});
