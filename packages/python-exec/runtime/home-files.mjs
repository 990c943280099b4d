// @ts-check
// The agent's private files: its home directory in the interpreter's in-memory filesystem
// (MEMFS, in the JavaScript memory of the interpreter's thread, bounded by filesystem-guard.mjs).
// Requests write and read files here; nothing else of the interpreter's filesystem, and nothing
// of the host's, is reachable through these paths.
/** @import { FileEntry } from '../src/sandbox/protocol/index.ts' */

export const HOME = '/home/pyodide';
/** Where the agent's code may write (counted against max_files_bytes); the rest is read-only. */
export const PRIVATE_ROOTS = [HOME, '/tmp'];
/** Files one call may return. */
export const MAX_FILES = 100;

/** A path a request named that is not a plain relative path inside the home directory. */
export class HomePathError extends Error {}

/**
 * `relative` as an absolute path under HOME: no absolute paths, no `..`, no NUL; a path whose
 * existing parts lead outside HOME through a symbolic link is refused too.
 * @param {any} FS Emscripten's FS
 * @param {string} relative
 */
export function resolveInHome(FS, relative) {
  const parts = relative.split('/').filter((part) => part !== '' && part !== '.');
  if (relative.startsWith('/') || relative.includes('\0') || parts.includes('..')) {
    throw new HomePathError(`'${relative}' is not a relative path inside the agent's home`);
  }
  const path = [HOME, ...parts].join('/');
  let real = HOME;
  for (const part of parts) {
    const next = `${real}/${part}`;
    const node = FS.analyzePath(next, true);
    if (!node.exists) return path;
    if (FS.isLink(FS.lstat(next).mode)) {
      throw new HomePathError(`'${relative}' goes through a symbolic link`);
    }
    real = next;
  }
  return path;
}

/**
 * @param {any} FS
 * @param {string} relative
 * @param {Uint8Array} bytes
 */
export function writeHomeFile(FS, relative, bytes) {
  const path = resolveInHome(FS, relative);
  FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
  FS.writeFile(path, bytes);
}

/** @param {string} pattern one path segment with `*` and `?` */
function segmentMatcher(pattern) {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

/**
 * Files under HOME matching `patterns` (`report.txt`, `plots/*.png`), without following links.
 * @param {any} FS
 * @param {string[]} patterns
 * @returns {string[]} paths relative to HOME
 */
export function globHome(FS, patterns) {
  /** @type {Set<string>} */
  const found = new Set();
  for (const pattern of patterns) {
    resolveInHome(FS, pattern.replace(/[*?]/g, 'x'));
    const segments = pattern.split('/').filter((part) => part !== '' && part !== '.');
    /** @param {string} dir @param {number} depth */
    const walk = (dir, depth) => {
      const matcher = segmentMatcher(segments[depth] ?? '');
      for (const name of FS.readdir(`${HOME}/${dir}`)) {
        if (name === '.' || name === '..' || !matcher.test(name)) continue;
        const relative = dir ? `${dir}/${name}` : name;
        const mode = FS.lstat(`${HOME}/${relative}`).mode;
        if (depth === segments.length - 1) {
          if (FS.isFile(mode)) found.add(relative);
        } else if (FS.isDir(mode)) {
          walk(relative, depth + 1);
        }
      }
    };
    if (segments.length > 0) walk('', 0);
  }
  return [...found].sort();
}

/**
 * Everything under `relative` (a directory), files with their sizes and directories with a
 * trailing `/`.
 * @param {any} FS
 * @param {string} relative
 * @returns {FileEntry[]}
 */
export function listHome(FS, relative) {
  const root = resolveInHome(FS, relative);
  const base = root.slice(HOME.length + 1);
  return FS.readdir(root)
    .filter((/** @type {string} */ name) => name !== '.' && name !== '..')
    .map((/** @type {string} */ name) => {
      const stat = FS.lstat(`${root}/${name}`);
      const path = base ? `${base}/${name}` : name;
      return FS.isDir(stat.mode) ? { path: `${path}/`, size: 0 } : { path, size: stat.size };
    });
}

/**
 * Removes a file or a directory tree under HOME (never HOME itself).
 * @param {any} FS
 * @param {string} relative
 */
export function removeHome(FS, relative) {
  const path = resolveInHome(FS, relative);
  if (path === HOME) throw new HomePathError("the agent's home itself cannot be removed");
  const remove = (/** @type {string} */ target) => {
    if (!FS.isDir(FS.lstat(target).mode)) {
      FS.unlink(target);
      return;
    }
    for (const name of FS.readdir(target)) {
      if (name !== '.' && name !== '..') remove(`${target}/${name}`);
    }
    FS.rmdir(target);
  };
  remove(path);
}
