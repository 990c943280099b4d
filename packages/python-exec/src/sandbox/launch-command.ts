import { spawnSync } from 'node:child_process';

/** How to start a locked-down Node process: the command, its arguments, and what is missing. */
export interface LaunchCommand {
  command: string;
  args: string[];
  /** Set when the process could not be put in a network-less namespace. */
  networkIsolation: 'namespace' | 'none';
}

export interface LaunchOptions {
  script: string;
  readPaths: string[];
  writePaths?: string[];
  /** Build steps may need the network (a package index URL); sandboxes never get it. */
  network?: boolean;
}

let unsharePrefix: string[] | null | undefined;
let warned = false;

/** `unshare -n` (as root) or `unshare -rn` (user namespaces), whichever works here; null if neither. */
function networkNamespacePrefix(): string[] | null {
  if (unsharePrefix !== undefined) return unsharePrefix;
  unsharePrefix = null;
  if (process.platform === 'linux') {
    for (const flags of ['-n', '-rn']) {
      const probe = spawnSync('unshare', [flags, process.execPath, '-e', '0'], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      if (probe.status === 0) {
        unsharePrefix = ['unshare', flags];
        break;
      }
    }
  }
  if (unsharePrefix === null && !warned) {
    warned = true;
    process.emitWarning(
      'Guildkit python-exec: cannot create a network namespace here (unshare -n failed); ' +
        'sandboxed Python has no socket module access but its process is not network-isolated by the OS.',
      { code: 'GUILDKIT_NO_NETNS' },
    );
  }
  return unsharePrefix;
}

function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

/**
 * The command line for a sandbox or builder process: Node's permission model with read access to
 * the given paths only, worker threads allowed, no code generation from strings, no warnings.
 */
export function launchCommand(options: LaunchOptions): LaunchCommand {
  const nodeArgs = [
    permissionFlag(),
    ...options.readPaths.map((p) => `--allow-fs-read=${p}`),
    ...(options.writePaths ?? []).map((p) => `--allow-fs-write=${p}`),
    '--allow-worker',
    '--disallow-code-generation-from-strings',
    '--max-old-space-size=256',
    '--no-warnings',
    options.script,
  ];
  const prefix = options.network === true ? null : networkNamespacePrefix();
  if (prefix === null) {
    return { command: process.execPath, args: nodeArgs, networkIsolation: 'none' };
  }
  const [command = 'unshare', ...flags] = prefix;
  return {
    command,
    args: [...flags, process.execPath, ...nodeArgs],
    networkIsolation: 'namespace',
  };
}
