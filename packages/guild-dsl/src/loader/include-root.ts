import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { type SpecProblemCode } from '../validation/spec-problem';
import { displayPath } from './display-path';

/** A file an `!include`/`!code` names: its real path and the path as written, resolved. */
export interface IncludeTarget {
  real: string;
  path: string;
}

/** A path with symlinks resolved, or the path itself when it does not exist. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isInside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves the file an `!include`/`!code` names from `baseDir` and keeps it inside the include
 * root (`root`, a real path), symlinks resolved, so a spec cannot read `../../secrets` or
 * `/etc/passwd` unless its user widened the root.
 *
 * @example
 * includeTarget({ tag: '!code', name: 'script.py', baseDir: specDir, root: realPath(specDir) });
 */
export function includeTarget(request: {
  tag: string;
  name: string;
  baseDir: string;
  root: string;
}): IncludeTarget | { code: SpecProblemCode; message: string } {
  const { tag, name, baseDir, root } = request;
  if (name === '') return { code: 'SPEC_INVALID', message: `${tag} needs a file path` };
  const path = resolve(baseDir, name);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return { code: 'FILE_NOT_FOUND', message: `${tag} file not found: ${displayPath(path)}` };
  }
  if (!isInside(real, root)) {
    return {
      code: 'PATH_OUTSIDE_ROOT',
      message: `${tag} ${name} is outside the spec's directory ${displayPath(root)}; move the file there, or allow its directory with includeRoot (guildkit --include-root <dir>)`,
    };
  }
  return { real, path };
}
