import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Pyodide and Guildkit's runtime files are, as real paths (the permission model needs them). */
export interface RuntimePaths {
  pyodideDir: string;
  pyodideUrl: string;
  pyodideVersion: string;
  runtimeDir: string;
}

let cached: RuntimePaths | undefined;

export function runtimePaths(): RuntimePaths {
  if (cached) return cached;
  const pyodideDir = realpathSync(dirname(require.resolve('pyodide/pyodide.mjs')));
  const { version } = JSON.parse(readFileSync(join(pyodideDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  cached = {
    pyodideDir,
    pyodideUrl: pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href,
    pyodideVersion: version,
    runtimeDir: realpathSync(resolve(__dirname, '..', '..', 'runtime')),
  };
  return cached;
}
