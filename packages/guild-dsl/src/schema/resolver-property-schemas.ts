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
      minimum: 0.001,
      maximum: 86_400,
      description: 'Default time limit of one execution, in seconds (default 30).',
    },
    memory_limit_mb: {
      type: 'number',
      integer: true,
      minimum: 64,
      maximum: 3584,
      description: 'Python heap limit of each interpreter, in MiB (default 256).',
    },
    max_output_bytes: {
      type: 'number',
      integer: true,
      minimum: 1,
      maximum: 268_435_456,
      description:
        'Captured stdout/stderr are cut beyond this many bytes per stream (default 1 MiB).',
    },
    packages: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Python packages (wheels) installed into every interpreter when its snapshot is built.',
    },
    package_index: {
      type: 'string',
      description:
        'Where `packages` come from: a directory of wheels, a Pyodide distribution directory, or its URL.',
    },
    isolation: {
      type: 'string',
      enum: ['process', 'shared'],
      description:
        "'process' (default): one sandbox process per agent, an OS boundary between agents. 'shared': one sandbox process for all agents of this resolver (denser; no boundary between those agents).",
    },
    max_result_bytes: {
      type: 'number',
      integer: true,
      minimum: 1024,
      maximum: 67_108_864,
      description:
        'Bytes of returned globals and display value allowed per execution (default 8 MiB); larger results fail with ResultTooLarge.',
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
