import { type ObjectSchema } from './schema-node';

const pythonExecExecutorResolver: ObjectSchema = {
  type: 'object',
  description:
    'Properties of PythonExecExecutorResolver: one sandboxed, stateful Python per agent.',
  additionalProperties: false,
  properties: {
    whitelisted_imports: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Modules the code may import. A dotted entry (matplotlib.pyplot) allows exactly that module path. Empty or absent: every import is blocked.',
    },
    default_imports: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Modules imported before the first run, as {alias: module}.',
    },
    timeout_seconds: {
      type: 'number',
      exclusiveMinimum: 0,
      description: 'Default time limit of one execution, in seconds.',
    },
    memory_limit_mb: {
      type: 'number',
      integer: true,
      exclusiveMinimum: 0,
      description: 'Memory limit of the interpreter, in MiB.',
    },
    max_output_bytes: {
      type: 'number',
      integer: true,
      exclusiveMinimum: 0,
      description: 'Captured stdout/stderr are truncated beyond this many bytes.',
    },
    packages: {
      type: 'array',
      items: { type: 'string' },
      description: 'Python packages to install when the interpreter boots (e.g. pandas).',
    },
    package_index: {
      type: 'string',
      description: 'Where `packages` are downloaded from (a Pyodide package index URL or path).',
    },
  },
};

/**
 * Property schemas of known resolvers, keyed by short class name. Add an entry to have a
 * resolver's `properties` validated (unknown keys become errors with a suggestion) and described
 * in the JSON Schema.
 *
 * @example
 * resolverPropertySchemas['PythonExecExecutorResolver']?.properties?.['timeout_seconds'];
 */
export const resolverPropertySchemas: Readonly<Record<string, ObjectSchema>> = {
  PythonExecExecutorResolver: pythonExecExecutorResolver,
};
