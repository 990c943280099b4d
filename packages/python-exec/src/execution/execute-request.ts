import { PythonExecError } from '../errors/python-exec-error';
import { MAX_TIMEOUT_SECONDS } from '../config/executor-config';
import { type ExecuteRequest } from './execution-result';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Nesting deeper than this is refused (the interpreter converts values recursively). */
const MAX_GLOBALS_DEPTH = 100;
const KNOWN_FIELDS = [
  'code',
  'globals',
  'returnGlobals',
  'timeoutSeconds',
  'stdin',
  'files',
  'outputFiles',
  'signal',
  'onStdout',
  'onStderr',
  'onResult',
];
const CALLBACKS = ['onStdout', 'onStderr', 'onResult'];
/** Upstream's snake_case names, which a Rustic user may send: refused with the right name. */
const UPSTREAM_FIELDS: Record<string, string> = {
  globals_dict: 'globals',
  return_globals: 'returnGlobals',
  timeout_seconds: 'timeoutSeconds',
  timeout: 'timeoutSeconds',
};

function bad(field: string, problem: string): PythonExecError {
  return new PythonExecError('INVALID_REQUEST', `execute(): '${field}' ${problem}`, {
    details: { field, problem },
  });
}

function checkName(name: string, field: string): void {
  if (!IDENTIFIER.test(name) || name.startsWith('__')) {
    throw bad(field, `contains '${name}', which is not a usable Python variable name`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' ? `a ${ctor.name}` : 'an object';
}

/**
 * Checks that `value` is exactly JSON (what the interpreter will see): finite numbers, strings,
 * booleans, null, arrays and plain objects, no cycles, no accessors, bounded depth. Throws naming
 * the path of the first value that is not, instead of letting JSON drop or mangle it.
 */
function checkJson(value: unknown, path: string, seen = new Set<object>()): void {
  const depth = seen.size;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(path, `is ${String(value)}, which JSON cannot carry`);
    return;
  }
  if (typeof value !== 'object') {
    throw bad(path, `is ${describe(value)}, which JSON cannot carry`);
  }
  if (depth > MAX_GLOBALS_DEPTH) throw bad(path, `nests deeper than ${MAX_GLOBALS_DEPTH} levels`);
  if (seen.has(value)) throw bad(path, 'refers back to itself (a cycle)');
  const proto = Object.getPrototypeOf(value) as unknown;
  const array = Array.isArray(value);
  if (!array && proto !== Object.prototype && proto !== null) {
    throw bad(path, `is ${describe(value)}, not a plain object, array or JSON value`);
  }
  seen.add(value);
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (array && key === 'length') continue;
    const where = array ? `${path}[${key}]` : `${path}.${key}`;
    if (!('value' in descriptor)) throw bad(where, 'is a getter or setter, not a value');
    checkJson(descriptor.value, where, seen);
  }
  seen.delete(value);
}

/** A path or pattern inside the agent's home: relative, no `..`, no NUL. */
export function checkHomePath(path: unknown, field: string): void {
  if (typeof path !== 'string' || path === '') throw bad(field, 'must be a non-empty path');
  if (path.startsWith('/') || path.includes('\0') || path.split('/').includes('..')) {
    throw bad(field, `'${path}' is not a relative path inside the agent's home directory`);
  }
}

function checkFiles(request: Record<string, unknown>): void {
  const { files, outputFiles } = request;
  if (files !== undefined) {
    if (typeof files !== 'object' || files === null || Array.isArray(files)) {
      throw bad('files', 'must be an object of path: string or Uint8Array');
    }
    for (const [path, data] of Object.entries(files)) {
      checkHomePath(path, `files.${path}`);
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
        throw bad(`files.${path}`, 'must be a string or a Uint8Array');
      }
      if (/[*?]/.test(path)) throw bad(`files.${path}`, 'is a pattern, not a path');
    }
  }
  if (outputFiles !== undefined) {
    if (!Array.isArray(outputFiles))
      throw bad('outputFiles', 'must be a list of paths or patterns');
    outputFiles.forEach((path, i) => {
      checkHomePath(path, `outputFiles[${i}]`);
    });
  }
}

/**
 * Refuses input files that cannot fit in the agent's files (`max_files_bytes`) before anything
 * is sent to the sandbox, naming the file that crosses the limit. (What fits with the files
 * already there is the interpreter's call: it answers `No space left on device`.)
 *
 * @example
 * checkInputFilesSize({ files: { 'a.bin': bytes }, maxBytes: 64 * 2 ** 20, field: 'inputFiles' });
 */
export function checkInputFilesSize(options: {
  files: Record<string, string | Uint8Array> | undefined;
  maxBytes: number;
  field: string;
}): void {
  let total = 0;
  for (const [path, data] of Object.entries(options.files ?? {})) {
    total += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (total > options.maxBytes) {
      throw bad(
        `${options.field}.${path}`,
        `brings the input files to ${total} bytes, over max_files_bytes (${options.maxBytes})`,
      );
    }
  }
}

/** Throws `INVALID_REQUEST` for a malformed request (misuse, not a Python failure). */
export function validateRequest(input: unknown): asserts input is ExecuteRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw bad('(request)', 'must be an object such as { code: "print(1)" }');
  }
  const request = input as Record<string, unknown>;
  for (const key of Object.keys(request)) {
    const camel = UPSTREAM_FIELDS[key];
    if (camel !== undefined) throw bad(key, `is upstream's name: use '${camel}'`);
    if (!KNOWN_FIELDS.includes(key)) {
      throw bad(key, `is not a request field (known: ${KNOWN_FIELDS.join(', ')})`);
    }
  }
  if (typeof request['code'] !== 'string') {
    throw bad('code', 'must be a string of Python source');
  }
  const { globals, returnGlobals, timeoutSeconds } = request;
  if (globals !== undefined) {
    if (typeof globals !== 'object' || globals === null || Array.isArray(globals)) {
      throw bad('globals', 'must be an object of JSON values');
    }
    for (const name of Object.keys(globals)) checkName(name, 'globals');
    checkJson(globals, 'globals');
  }
  if (returnGlobals !== undefined) {
    if (!Array.isArray(returnGlobals) || returnGlobals.some((n) => typeof n !== 'string')) {
      throw bad('returnGlobals', 'must be a list of variable names');
    }
    for (const name of returnGlobals as string[]) checkName(name, 'returnGlobals');
  }
  if (request['stdin'] !== undefined && typeof request['stdin'] !== 'string') {
    throw bad('stdin', 'must be a string');
  }
  checkFiles(request);
  const { signal } = request;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw bad('signal', 'must be an AbortSignal');
  }
  for (const name of CALLBACKS) {
    if (request[name] !== undefined && typeof request[name] !== 'function') {
      throw bad(name, 'must be a function');
    }
  }
  if (
    timeoutSeconds !== undefined &&
    (typeof timeoutSeconds !== 'number' ||
      !(timeoutSeconds > 0) ||
      timeoutSeconds > MAX_TIMEOUT_SECONDS)
  ) {
    throw bad(
      'timeoutSeconds',
      `must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`,
    );
  }
}
