import { PythonExecError } from '../errors/python-exec-error';
import { type ExecuteRequest } from './execution-result';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

/** Throws `INVALID_REQUEST` for a malformed request (misuse, not a Python failure). */
export function validateRequest(input: unknown): asserts input is ExecuteRequest {
  const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  if (typeof request['code'] !== 'string') {
    throw bad('code', 'must be a string of Python source');
  }
  const { globals, returnGlobals, timeoutSeconds } = request;
  if (globals !== undefined) {
    if (typeof globals !== 'object' || globals === null || Array.isArray(globals)) {
      throw bad('globals', 'must be an object of JSON values');
    }
    for (const name of Object.keys(globals)) checkName(name, 'globals');
  }
  if (returnGlobals !== undefined) {
    if (!Array.isArray(returnGlobals) || returnGlobals.some((n) => typeof n !== 'string')) {
      throw bad('returnGlobals', 'must be a list of variable names');
    }
    for (const name of returnGlobals as string[]) checkName(name, 'returnGlobals');
  }
  if (
    timeoutSeconds !== undefined &&
    (typeof timeoutSeconds !== 'number' ||
      !(timeoutSeconds > 0) ||
      !Number.isFinite(timeoutSeconds))
  ) {
    throw bad('timeoutSeconds', 'must be a positive number of seconds');
  }
}
