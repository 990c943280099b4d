import { mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PythonExecError } from '../errors/python-exec-error';

/**
 * Where snapshots and downloaded wheels are kept: `$GUILDKIT_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/guildkit`, else `~/.cache/guildkit`. Created on first use.
 */
export function cacheDirectory(): string {
  const env = process.env;
  const base =
    env['GUILDKIT_CACHE_DIR'] ??
    join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'guildkit');
  const dir = join(base, 'python-exec');
  try {
    mkdirSync(dir, { recursive: true });
    return realpathSync(dir);
  } catch (error) {
    throw new PythonExecError(
      'SANDBOX_UNAVAILABLE',
      `Cannot use the cache directory '${dir}' (${(error as Error).message}). ` +
        'Set GUILDKIT_CACHE_DIR to a writable directory.',
      { cause: error, details: { directory: dir } },
    );
  }
}
