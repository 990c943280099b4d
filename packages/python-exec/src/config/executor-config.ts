import { closestName } from '@guildkit/core';
import { PythonExecError } from '../errors/python-exec-error';

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
  /** Bytes of returned globals and display value allowed per execution. Default 8 MiB. */
  max_result_bytes?: number | null;
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
}

/** The longest time limit of one execution, in seconds (one day; Node timers overflow at ~24.8 days). */
export const MAX_TIMEOUT_SECONDS = 86_400;
export const DEFAULT_PACKAGE_INDEX = 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/';
const KNOWN = [
  'whitelisted_imports',
  'default_imports',
  'timeout_seconds',
  'memory_limit_mb',
  'max_output_bytes',
  'packages',
  'package_index',
  'isolation',
  'max_result_bytes',
];
const ISOLATION_MODES = ['process', 'shared'] as const;
const MODULE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Modules that give Python the JavaScript host or Pyodide's internals: never importable. */
export const FORBIDDEN_MODULES = ['js', 'pyodide_js', 'pyodide', '_pyodide', 'micropip'];

function invalid(property: string, problem: string): PythonExecError {
  return new PythonExecError(
    'INVALID_PROPERTIES',
    `PythonExecExecutorResolver property '${property}': ${problem}`,
    { details: { property, problem } },
  );
}

function forbidden(module: string): string | undefined {
  return FORBIDDEN_MODULES.find((m) => module === m || module.startsWith(`${m}.`));
}

function stringList(value: unknown, property: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid(property, 'expected a list of strings');
  }
  return [...new Set(value as string[])];
}

function whitelist(value: unknown): string[] {
  const list = stringList(value, 'whitelisted_imports');
  list.forEach((entry, i) => {
    const where = `whitelisted_imports[${i}]`;
    if (!MODULE_PATH.test(entry)) throw invalid(where, `'${entry}' is not a dotted module name`);
    const root = forbidden(entry);
    if (root !== undefined) {
      throw invalid(where, `'${root}' reaches the JavaScript host and cannot be allowed`);
    }
  });
  return list;
}

function packageList(value: unknown): string[] {
  const list = stringList(value, 'packages');
  list.forEach((entry, i) => {
    if (!PACKAGE_NAME.test(entry)) {
      throw invalid(`packages[${i}]`, `'${entry}' is not a package name`);
    }
  });
  return list;
}

function defaultImports(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('default_imports', 'expected a mapping of alias to module name');
  }
  const out: Record<string, string> = {};
  for (const [alias, module] of Object.entries(value)) {
    const where = `default_imports.${alias}`;
    if (!IDENTIFIER.test(alias) || alias.startsWith('__')) {
      throw invalid(where, `'${alias}' is not a valid Python variable name`);
    }
    if (typeof module !== 'string' || !MODULE_PATH.test(module)) {
      throw invalid(where, 'expected a dotted module name');
    }
    const root = forbidden(module);
    if (root !== undefined) throw invalid(where, `'${root}' reaches the JavaScript host`);
    out[alias] = module;
  }
  return out;
}

function number(
  value: unknown,
  property: string,
  range: { min: number; max: number; int?: boolean },
) {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (!range.int || Number.isInteger(value));
  if (!ok || value < range.min || value > range.max) {
    const kind = range.int ? 'an integer' : 'a number';
    throw invalid(
      property,
      `expected ${kind} from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function isolation(value: unknown): 'process' | 'shared' {
  const mode = ISOLATION_MODES.find((m) => m === value);
  if (mode === undefined) {
    throw invalid('isolation', `expected 'process' or 'shared', got ${JSON.stringify(value)}`);
  }
  return mode;
}

function suggestion(key: string): string {
  const near = closestName(key, KNOWN);
  return near === undefined ? '' : ` Did you mean '${near}'?`;
}

/**
 * Validates resolver properties and fills defaults. Throws `PythonExecError('INVALID_PROPERTIES')`
 * naming the offending property.
 */
export function parseExecutorConfig(properties: unknown): ExecutorConfig {
  properties ??= {};
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    throw invalid('(properties)', 'expected a mapping');
  }
  const p = properties as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!KNOWN.includes(key)) {
      throw invalid(key, `unknown property.${suggestion(key)} Known: ${KNOWN.join(', ')}`);
    }
  }
  const given = (key: string) => p[key] !== undefined && p[key] !== null;
  const packageIndex = p['package_index'];
  if (given('package_index') && (typeof packageIndex !== 'string' || packageIndex === '')) {
    throw invalid('package_index', 'expected a directory path or an http(s) URL');
  }
  return {
    whitelistedImports: given('whitelisted_imports') ? whitelist(p['whitelisted_imports']) : [],
    defaultImports: given('default_imports') ? defaultImports(p['default_imports']) : {},
    timeoutSeconds: given('timeout_seconds')
      ? number(p['timeout_seconds'], 'timeout_seconds', { min: 0.001, max: MAX_TIMEOUT_SECONDS })
      : 30,
    memoryLimitMb: given('memory_limit_mb')
      ? number(p['memory_limit_mb'], 'memory_limit_mb', { min: 64, max: 3584, int: true })
      : 256,
    maxOutputBytes: given('max_output_bytes')
      ? number(p['max_output_bytes'], 'max_output_bytes', { min: 1, max: 256 * 2 ** 20, int: true })
      : 2 ** 20,
    packages: given('packages') ? packageList(p['packages']) : [],
    packageIndex: typeof packageIndex === 'string' ? packageIndex : undefined,
    isolation: given('isolation') ? isolation(p['isolation']) : 'process',
    maxResultBytes: given('max_result_bytes')
      ? number(p['max_result_bytes'], 'max_result_bytes', {
          min: 1024,
          max: 64 * 2 ** 20,
          int: true,
        })
      : 8 * 2 ** 20,
  };
}
