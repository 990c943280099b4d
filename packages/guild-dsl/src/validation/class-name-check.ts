import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type SpecPath } from '../loader/spec-path';
import { closestName } from '@guildkit/core';
import { type ProblemCollector } from './problem-collector';

const extensions = ['', '.ts', '.js', '.cjs', '.mjs', '.cts', '.mts', '/index.ts', '/index.js'];

/** What a class name is checked against. */
export interface ClassNameCheck {
  className: string;
  path: SpecPath;
  kind: 'agent' | 'resolver';
  /** Registered names and aliases; when absent only relative specifiers are checked. */
  known: ReadonlySet<string> | undefined;
  baseDir: string;
}

/**
 * Reports a class name that names nothing: an unknown registered name (with the closest known
 * one), or a relative `./file#Export` specifier whose file does not exist.
 */
export function checkClassName(check: ClassNameCheck, collector: ProblemCollector): void {
  const { className, path, kind, known, baseDir } = check;
  if (className === '') return;
  const hash = className.indexOf('#');
  if (hash >= 0) {
    const module = className.slice(0, hash);
    if (!module.startsWith('.')) return;
    const target = resolve(baseDir, module);
    if (!extensions.some((ext) => existsSync(target + ext))) {
      collector.add({
        code: 'FILE_NOT_FOUND',
        path,
        message: `${kind} module not found: ${module} (resolved from ${baseDir})`,
      });
    }
    return;
  }
  if (known === undefined || known.has(className)) return;
  const suggestion = closestName(className, [...known]);
  collector.add({
    code: 'UNKNOWN_CLASS',
    path,
    message:
      `unknown ${kind} class '${className}'; register it, or write a 'module#Export' specifier` +
      (known.size > 0 && suggestion === undefined
        ? ` (known: ${[...known].sort().join(', ')})`
        : ''),
    suggestion,
  });
}
