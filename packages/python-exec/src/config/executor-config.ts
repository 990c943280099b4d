import { formatSchemaPath, ownValue, validateSchema, type SchemaIssue } from '@guildkit/core';
import { PythonExecError } from '../errors/python-exec-error';
import { executorPropertySchema } from './executor-property-schema';

/**
 * `PythonExecExecutorResolver` properties, snake_case as written in guild YAML.
 *
 * @example
 * const props: PythonExecProperties = {
 *   whitelisted_imports: ['math', 'json'],
 *   default_imports: { m: 'math' },
 *   timeout_seconds: 10,
 * };
 */
export interface PythonExecProperties {
  /** Modules code may import; submodules of an entry are allowed. Default: none. */
  whitelisted_imports?: string[] | null;
  /** Modules bound under an alias before the first execution, e.g. `{ m: 'math' }`. */
  default_imports?: Record<string, string> | null;
  /** Wall-clock limit per execution. Default 30. */
  timeout_seconds?: number | null;
  /** Python heap limit per interpreter. Default 256. */
  memory_limit_mb?: number | null;
  /** Captured output kept per stream and execution. Default 1 MiB. */
  max_output_bytes?: number | null;
  /** Pure-Python packages (wheels) installed into every interpreter. */
  packages?: string[] | null;
  /** Where `packages` come from: a directory of wheels or a Pyodide distribution, or a URL. */
  package_index?: string | null;
  /**
   * `process` (default): each agent's interpreter runs in its own sandbox process, an OS boundary
   * between agents. `shared`: one sandbox process hosts all agents of the resolver (denser, but
   * NO boundary between those agents: code that escapes Python can reach the others).
   */
  isolation?: 'process' | 'shared' | null;
  /**
   * Bytes one execution may return: returned globals, display value, rich results and output
   * files together, and each streamed rich result. Default 8 MiB.
   */
  max_result_bytes?: number | null;
  /** Bytes the agent's home directory and /tmp may hold. Default 64 MiB. */
  max_files_bytes?: number | null;
}

/** Validated, defaulted executor configuration. */
export interface ExecutorConfig {
  whitelistedImports: string[];
  defaultImports: Record<string, string>;
  timeoutSeconds: number;
  memoryLimitMb: number;
  maxOutputBytes: number;
  packages: string[];
  packageIndex: string | undefined;
  isolation: 'process' | 'shared';
  maxResultBytes: number;
  maxFilesBytes: number;
}

export const DEFAULT_PACKAGE_INDEX = 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/';
export { FORBIDDEN_MODULES, MAX_TIMEOUT_SECONDS } from './executor-property-schema';

function invalid(property: string, problem: string): PythonExecError {
  return new PythonExecError(
    'INVALID_PROPERTIES',
    `PythonExecExecutorResolver property '${property}': ${problem}`,
    { details: { property, problem } },
  );
}

/** The first error `validateSchema` finds, as the error the resolver throws. */
function firstError(properties: unknown): PythonExecError | undefined {
  let first: SchemaIssue | undefined;
  validateSchema(
    { node: executorPropertySchema, value: properties },
    {
      add(issue) {
        if (issue.severity !== 'warning') first ??= issue;
      },
    },
  );
  if (first === undefined) return undefined;
  const hint = first.suggestion === undefined ? '' : ` (did you mean '${first.suggestion}'?)`;
  return invalid(formatSchemaPath(first.path) || '(properties)', `${first.message}${hint}`);
}

const unique = (list: unknown): string[] => [...new Set(list as string[])];

/**
 * Validates resolver properties and fills defaults. Throws `PythonExecError('INVALID_PROPERTIES')`
 * naming the offending property.
 */
export function parseExecutorConfig(properties: unknown): ExecutorConfig {
  properties ??= {};
  const error = firstError(properties);
  if (error !== undefined) throw error;
  const p = properties as Record<string, unknown>;
  const given = (key: string): boolean => ownValue(p, key) !== undefined && p[key] !== null;
  const or = <T>(key: string, fallback: T): T => (given(key) ? (p[key] as T) : fallback);
  return {
    whitelistedImports: unique(or('whitelisted_imports', [])),
    defaultImports: { ...or<Record<string, string>>('default_imports', {}) },
    timeoutSeconds: or('timeout_seconds', 30),
    memoryLimitMb: or('memory_limit_mb', 256),
    maxOutputBytes: or('max_output_bytes', 2 ** 20),
    packages: unique(or('packages', [])),
    packageIndex: or<string | undefined>('package_index', undefined),
    isolation: or('isolation', 'process'),
    maxResultBytes: or('max_result_bytes', 8 * 2 ** 20),
    maxFilesBytes: or('max_files_bytes', 64 * 2 ** 20),
  };
}
