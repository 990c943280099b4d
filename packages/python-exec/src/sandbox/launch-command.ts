import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { type SandboxLayers } from './sandbox-layers';
import { findSandboxTools } from './sandbox-tools';

export interface SandboxLaunchOptions {
  script: string;
  /** Paths the process may read (bound read-only, and allowed by Node's permission model). */
  readPaths: string[];
  /** RLIMIT_DATA: heap, ArrayBuffers and wasm memory of the whole process; 0 for no limit. */
  dataLimitBytes: number;
  openFiles: number;
  /**
   * Node's permission model and the ban on code generation from strings (default true). The
   * assume-breach tests turn them off to show that the OS layers hold without them.
   * @internal
   */
  nodeLayers?: boolean;
}

export interface SandboxLaunch {
  command: string;
  args: string[];
  layers: SandboxLayers;
}

const NOBODY = '65534';
/**
 * The whole environment of a sandbox: one malloc arena, and blocks from 16 KiB up always mmapped,
 * so the boot frame's transient copies (the snapshot arrives in 64 KiB pipe reads) go back to the
 * OS once freed instead of staying in a fragmented heap (~190 -> ~140 MB RSS per idle agent).
 */
export const SANDBOX_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: '16384',
};
const NODE_FLAGS = [
  '--allow-worker',
  '--disallow-code-generation-from-strings',
  '--max-old-space-size=256',
  // The sandbox host collects a boot frame's tens of MB as soon as the interpreter is up.
  '--expose-gc',
  '--no-warnings',
  // Memory over JS speed: Python runs in WebAssembly, which these leave alone; an idle agent's
  // sandbox drops from ~104 to ~90 MB PSS with no measurable change in call times.
  '--optimize-for-size',
  '--max-semi-space-size=1',
];

function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

/** `--dir` for every ancestor, so that nobody can traverse to the binds (bwrap makes them 0700). */
function ancestors(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    for (let dir = dirname(path); dir !== '/' && dir !== '.'; dir = dirname(dir)) dirs.add(dir);
  }
  return [...dirs].sort((a, b) => a.length - b.length).flatMap((dir) => ['--dir', dir]);
}

function bwrapArgs(binds: string[], setpriv: string | undefined): string[] {
  const unshare =
    setpriv !== undefined
      ? ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
      : ['--unshare-all'];
  return [
    ...unshare,
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    ...Object.entries(SANDBOX_ENV).flatMap(([key, value]) => ['--setenv', key, value]),
    ...ancestors(binds),
    ...binds.flatMap((path) => ['--ro-bind', path, path]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--chdir',
    '/',
    '--',
    ...(setpriv !== undefined
      ? [
          setpriv,
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          '--clear-groups',
          '--no-new-privs',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--',
        ]
      : []),
  ];
}

/** The command line that runs `options.script` under the layers `want` (where the tools exist). */
export function launchCommand(options: SandboxLaunchOptions, want: SandboxLayers): SandboxLaunch {
  const t = findSandboxTools();
  const node = realpathSync(process.execPath);
  const nodeArgs = [
    ...(options.nodeLayers === false
      ? ['--no-warnings']
      : [permissionFlag(), ...options.readPaths.map((p) => `--allow-fs-read=${p}`), ...NODE_FLAGS]),
    options.script,
  ];
  let argv = [node, ...nodeArgs];
  const root = process.getuid?.() === 0;
  // As root, bubblewrap sets up the namespaces and setpriv drops to nobody inside them.
  const setpriv = root && want.unprivilegedUser ? t.setpriv : undefined;
  if (want.bubblewrap && t.bwrap !== undefined) {
    const binds = [node, ...t.libraryDirs, ...options.readPaths.map((p) => p.replace(/\/$/, ''))];
    if (setpriv !== undefined) binds.push(setpriv);
    argv = [t.bwrap, ...bwrapArgs([...new Set(binds)], setpriv), ...argv];
  } else if (want.networkNamespace && t.unshare !== undefined) {
    argv = [t.unshare, root ? '-n' : '-rn', ...argv];
  }
  if (want.resourceLimits && t.prlimit !== undefined) {
    argv = [
      t.prlimit,
      `--nofile=${options.openFiles}`,
      `--data=${options.dataLimitBytes > 0 ? options.dataLimitBytes : 'unlimited'}`,
      '--core=0',
      '--fsize=0',
      '--',
      ...argv,
    ];
  }
  const [command = node, ...args] = argv;
  return { command, args, layers: want };
}
