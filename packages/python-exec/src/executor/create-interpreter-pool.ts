import { readFileSync } from 'node:fs';
import { FORBIDDEN_MODULES, type ExecutorConfig } from '../config/executor-config';
import { InterpreterPool } from '../sandbox/interpreter-pool';
import { maxFrameBytes } from '../sandbox/protocol';
import { cacheDirectory } from '../snapshot/cache-directory';
import { resolvePackages } from '../snapshot/package-source';
import { ensureSnapshot } from '../snapshot/snapshot-cache';

const MiB = 2 ** 20;
/** Fraction of `memory_limit_mb` given to the heap cap: Emscripten over-allocates up to ~20 %. */
const HEAP_SHARE = 0.85;
/**
 * RLIMIT_DATA of a one-agent sandbox beyond `memory_limit_mb`: Node itself, the JS heaps of its
 * threads (interpreter and watchdog), and the snapshot while it is restored.
 */
const PROCESS_OVERHEAD_BYTES = 1024 * MiB;

export interface PoolOptions {
  warm: number;
  /**
   * Applies the Python-level policy (default true). Only the escape tests turn it off, to show
   * that the sandbox alone contains code that gets past the policy.
   * @internal
   */
  restricted?: boolean;
}

/** The pool of sandboxed interpreters for one executor configuration. */
export function createInterpreterPool(
  config: ExecutorConfig,
  options: PoolOptions,
): InterpreterPool {
  const shared = config.isolation === 'shared';
  return new InterpreterPool({
    warm: options.warm,
    isolation: config.isolation,
    image: async () => {
      const cacheDir = cacheDirectory();
      const wheels = await resolvePackages(config, cacheDir);
      const snapshot = await ensureSnapshot(
        { defaultImports: config.defaultImports, preImports: config.whitelistedImports, wheels },
        cacheDir,
      );
      return {
        snapshot: snapshot.bytes,
        wheels: wheels.map((wheel) => readFileSync(wheel)),
        memoryLimitBytes: Math.floor(config.memoryLimitMb * MiB * HEAP_SHARE),
        maxFilesBytes: config.maxFilesBytes,
        policy: {
          restricted: options.restricted ?? true,
          whitelist: config.whitelistedImports,
          defaultImports: config.defaultImports,
          forbiddenModules: [...FORBIDDEN_MODULES],
        },
        process: {
          interpreters: shared ? 'many' : 'one',
          maxFrameBytes: maxFrameBytes(config),
          // A shared sandbox hosts any number of agents: the wasm heap cap and the files limit
          // bound each. The files (MEMFS) live outside the wasm heap, in the process's memory.
          dataLimitBytes: shared
            ? 0
            : config.memoryLimitMb * MiB + config.maxFilesBytes + PROCESS_OVERHEAD_BYTES,
          openFiles: shared ? 4096 : 256,
        },
      };
    },
  });
}
