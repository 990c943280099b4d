import { type ExecutorConfig } from '../config/executor-config';
import { InterpreterPool } from '../sandbox/interpreter-pool';
import { runtimePaths } from '../sandbox/runtime-paths';
import { cacheDirectory } from '../snapshot/cache-directory';
import { ensureSnapshot } from '../snapshot/snapshot-cache';
import { resolvePackages } from '../snapshot/package-source';

/** Fraction of `memory_limit_mb` given to the heap cap: Emscripten over-allocates up to ~20 %. */
const HEAP_SHARE = 0.85;

export interface PoolOptions {
  warm: number;
  /**
   * Applies the Python-level policy (default true). Only the escape tests turn it off, to show
   * that the sandbox process alone contains code that gets past the policy.
   * @internal
   */
  restricted?: boolean;
}

/** The pool of sandboxed interpreters for one executor configuration. */
export function createInterpreterPool(
  config: ExecutorConfig,
  options: PoolOptions,
): InterpreterPool {
  return new InterpreterPool({
    warm: options.warm,
    image: async () => {
      const paths = runtimePaths();
      const cacheDir = cacheDirectory();
      const wheels = await resolvePackages(config, cacheDir);
      const snapshotPath = await ensureSnapshot(
        { defaultImports: config.defaultImports, preImports: config.whitelistedImports, wheels },
        cacheDir,
      );
      return {
        pyodideUrl: paths.pyodideUrl,
        indexURL: `${paths.pyodideDir}/`,
        snapshotPath,
        memoryLimitBytes: Math.floor(config.memoryLimitMb * 2 ** 20 * HEAP_SHARE),
        policyJson: JSON.stringify({
          restricted: options.restricted ?? true,
          whitelist: config.whitelistedImports,
          default_imports: config.defaultImports,
        }),
        wheels,
      };
    },
  });
}
