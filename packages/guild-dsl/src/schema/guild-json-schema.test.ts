// Registers PythonExecExecutorResolver, whose static propertySchema these tests rely on.
import '@guildkit/python-exec';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guildJsonSchema } from './guild-json-schema';

type Schema = Record<string, unknown>;

function at(schema: unknown, ...keys: string[]): Schema {
  let current = schema as Schema;
  for (const key of keys) current = current[key] as Schema;
  return current;
}

describe(guildJsonSchema, () => {
  const schema = guildJsonSchema();

  it('should require name and description and forbid unknown top-level keys', () => {
    expect(schema['required']).toEqual(['name', 'description']);
    expect(schema['additionalProperties']).toBe(false);
  });

  it('should describe agent fields with their defaults', () => {
    const agent = at(schema, 'properties', 'agents', 'items');
    expect(agent['required']).toEqual(['name', 'description', 'class_name']);
    expect(at(agent, 'properties', 'listen_to_default_topic')).toEqual({
      type: 'boolean',
      default: true,
    });
  });

  it('should validate PythonExecExecutorResolver properties when class_name names it', () => {
    const rules = at(schema, 'properties', 'dependency_map', 'additionalProperties')[
      'allOf'
    ] as Schema[];
    const patternOf = (rule: Schema) =>
      new RegExp(at(rule, 'if', 'properties', 'class_name')['pattern'] as string);
    const rule = rules.find((r) => patternOf(r).test('PythonExecExecutorResolver'));
    expect(rule).toBeDefined();
    const pattern = patternOf(rule ?? {});
    expect(pattern.test('PythonExecExecutorResolver')).toBe(true);
    expect(pattern.test('rustic_ai.core.x.PythonExecExecutorResolver')).toBe(true);
    expect(pattern.test('OtherResolver')).toBe(false);
    const properties = at(rule, 'then', 'properties', 'properties');
    expect(properties['additionalProperties']).toBe(false);
    expect(at(properties, 'properties', 'memory_limit_mb')).toMatchObject({
      type: 'integer',
      minimum: 64,
      maximum: 3584,
    });
  });

  it('should mark upstream keys Guildkit ignores as deprecated', () => {
    expect(at(schema, 'properties', 'gateway')['deprecated']).toBe(true);
  });

  it('should equal the published schema file', () => {
    const file = join(__dirname, '..', '..', 'schema', 'guild-spec.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(schema);
  });
});
