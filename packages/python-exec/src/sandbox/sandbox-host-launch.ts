import { dirname, join } from 'node:path';
import { type SandboxLaunch, type SandboxLaunchOptions } from './launch-command';
import { sandboxLaunch } from './os-sandbox';
import { runtimePaths } from './runtime-paths';

/** The limits a sandbox host process starts with. */
export interface SandboxHostOptions {
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
  return { ...launch, argv: [...launch.args, paths.pyodideDir] };
}
