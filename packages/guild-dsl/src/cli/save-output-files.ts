import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type JsonValue } from '@guildkit/core';

/** A written file's path as printed: relative to the working directory when under it. */
export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** Where a file path from a message would land inside `dir`, or undefined when outside it. */
function inside(dir: string, path: string): string | undefined {
  if (path === '' || isAbsolute(path) || path.includes('\0') || /^[A-Za-z]:/.test(path)) {
    return undefined;
  }
  const file = resolve(dir, path);
  const rel = relative(resolve(dir), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : file;
}

/**
 * Writes a code agent's returned files (`CodeResponse.output_files`: `{path, size, data}`,
 * `data` base64) under `dir`, keeping their relative paths, and returns one line per file
 * written: `[file: guildkit-output/report.csv]`. `written` remembers each path's content
 * digest: a file that is unchanged since it was last written is skipped, so a REPL fetching
 * `*.csv` after every cell shows only new or changed files. A path that would leave `dir`
 * (absolute, `..`) is not written, and says so.
 *
 * @example
 * saveOutputFiles(payload['output_files'], 'guildkit-output', new Map());
 * // ['[file: guildkit-output/report.csv]']
 */
export function saveOutputFiles(
  files: JsonValue | undefined,
  dir: string,
  written: Map<string, string>,
): string[] {
  if (!Array.isArray(files)) return [];
  const lines: string[] = [];
  for (const entry of files) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const { path, data } = entry;
    if (typeof path !== 'string' || typeof data !== 'string') continue;
    const file = inside(dir, path);
    if (file === undefined) {
      lines.push(`[file: '${path}' not written: not a relative path inside ${dir}]`);
      continue;
    }
    const digest = createHash('sha256').update(data).digest('hex');
    if (written.get(file) === digest) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(data, 'base64'));
    written.set(file, digest);
    lines.push(`[file: ${shownPath(file)}]`);
  }
  return lines;
}
