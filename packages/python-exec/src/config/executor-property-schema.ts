import { type ObjectSchema } from '@guildkit/core';

/** Modules that give Python the JavaScript host or Pyodide's internals: never importable. */
/** The longest time limit of one execution, in seconds (one day; Node timers overflow at ~24.8 days). */
export const MAX_TIMEOUT_SECONDS = 86_400;

export const FORBIDDEN_MODULES: readonly string[] = [
  'js',
  'pyodide_js',
  'pyodide',
  '_pyodide',
  'micropip',
];

const MODULE_PATH = '[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*';

const moduleName = {
  type: 'string',
  pattern: MODULE_PATH,
  format: 'a dotted module name',
  forbidden: {
    values: FORBIDDEN_MODULES,
    reason: 'reaches the JavaScript host and cannot be allowed',
  },
} as const;

/**
 * The `properties` of `PythonExecExecutorResolver`, the one description that `parseExecutorConfig`,
 * `guildkit validate` and the published JSON Schema all check against.
 *
 * @example
 * validateSchema({ node: executorPropertySchema, value: { whitelisted_imports: ['js'] } }, sink);
 */
export const executorPropertySchema: ObjectSchema = {
  type: 'object',
  description:
    'Properties of PythonExecExecutorResolver: one sandboxed, stateful Python per agent.',
  additionalProperties: false,
  properties: {
    whitelisted_imports: {
      type: 'array',
      items: moduleName,
      description:
        'Modules the code may import. A dotted entry (matplotlib.pyplot) allows exactly that module path. Empty or absent: every import is blocked.',
    },
    default_imports: {
      type: 'object',
      additionalProperties: moduleName,
      propertyNames: {
        type: 'string',
        pattern: '(?!__)[A-Za-z_][A-Za-z0-9_]*',
        format: 'a valid Python variable name',
      },
      description: 'Modules imported before the first run, as {alias: module}.',
    },
    timeout_seconds: {
      type: 'number',
      minimum: 0.001,
      maximum: MAX_TIMEOUT_SECONDS,
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
      items: { type: 'string', pattern: '[A-Za-z0-9][A-Za-z0-9._-]*', format: 'a package name' },
      description:
        'Python packages (wheels) installed into every interpreter when its snapshot is built.',
    },
    package_index: {
      type: 'string',
      minLength: 1,
      format: 'a directory path or an http(s) URL',
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
        'Bytes one execution may return (default 8 MiB): returned globals, display value, rich results and output files together, and each streamed rich result; beyond it the call fails with ResultTooLarge and the state is kept.',
    },
    max_files_bytes: {
      type: 'number',
      integer: true,
      minimum: 1_048_576,
      maximum: 1_073_741_824,
      description:
        "Bytes the agent's private files (its home directory and /tmp) may hold (default 64 MiB); beyond it writes fail with 'No space left on device' and larger input files are refused.",
    },
  },
};
