import { resolverRegistry, type ObjectSchema } from '@guildkit/core';

const shortName = (name: string): string => name.split(/[.#]/).pop() ?? name;

/**
 * Property schemas of the registered resolvers, keyed by short class name: each resolver class
 * declares its own (`static propertySchema`), so `validate`, the JSON Schema and the resolver
 * check the same rules. Lazily registered resolvers count when their package can be loaded now
 * (installed, CommonJS); import a resolver's package first to be sure it is included.
 *
 * @example
 * import '@guildkit/python-exec';
 * resolverPropertySchemas()['PythonExecExecutorResolver']?.properties?.['timeout_seconds'];
 */
export function resolverPropertySchemas(): Readonly<Record<string, ObjectSchema>> {
  const schemas: Record<string, ObjectSchema> = Object.create(null) as Record<string, ObjectSchema>;
  for (const name of resolverRegistry.knownNames()) {
    if (name.includes('#')) continue;
    const schema = resolverRegistry.peek(name)?.propertySchema;
    if (schema !== undefined) schemas[shortName(name)] = schema;
  }
  return schemas;
}
