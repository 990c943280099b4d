import { dirname, join } from 'node:path';
import { type SandboxLaunch, type SandboxLaunchOptions } from './launch-command';
import { sandboxLaunch } from './os-sandbox';
import { runtimePaths } from './runtime-paths';

/** The sandbox's descriptor for the control pipe, on which the guild sends cancels. */
export const CONTROL_FD = 3;

/** The limits a sandbox host process starts with. */
export interface SandboxHostOptions {
  /**
   * `one`: the process hosts one interpreter, on its main thread, so a call crosses no thread
   * (process isolation). `many` (the default): one worker thread per interpreter (shared
   * isolation).
   */
  interpreters?: 'one' | 'many';
  /** RLIMIT_DATA of the process (heap, ArrayBuffers, wasm memory). */
  dataLimitBytes: number;
  /** RLIMIT_NOFILE of the process. */
  openFiles: number;
  /**
   * The sandbox's main script (default runtime/sandbox-host.mjs); its directory becomes readable.
   * The protocol tests start hostile hosts this way.
   * @internal
   */
  script?: string;
}

/** How a sandbox process is launched: used by `SandboxProcess` and the assume-breach tests. */
export function sandboxHostLaunch(
  options: SandboxHostOptions & Pick<SandboxLaunchOptions, 'nodeLayers'>,
): SandboxLaunch & { argv: string[] } {
  const paths = runtimePaths();
  const script = options.script ?? join(paths.runtimeDir, 'sandbox-host.mjs');
  const readPaths = [`${paths.pyodideDir}/`, `${paths.runtimeDir}/`];
  if (options.script !== undefined) readPaths.push(`${dirname(options.script)}/`);
  const launch = sandboxLaunch({
    script,
    readPaths,
    dataLimitBytes: options.dataLimitBytes,
    openFiles: options.openFiles,
    ...(options.nodeLayers === undefined ? {} : { nodeLayers: options.nodeLayers }),
  });
  const args = [paths.pyodideDir, options.interpreters ?? 'many', String(CONTROL_FD)];
  return { ...launch, argv: [...launch.args, ...args] };
}
