import { execFileSync, spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The OS layers a sandbox process runs under; README "Security model" says what each one holds. */
export interface SandboxLayers {
  /** bubblewrap: new mount/pid/ipc/net/uts namespaces, read-only binds of only what Node and Pyodide need. */
  bubblewrap: boolean;
  /** Started as root, the sandbox drops to uid/gid 65534 (nobody) with no capabilities. */
  unprivilegedUser: boolean;
  /** rlimits: open files, data size (memory), no core dumps, no file writes. */
  resourceLimits: boolean;
  /** No network interface but loopback of its own (bubblewrap or `unshare -n`). */
  networkNamespace: boolean;
}

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

interface Tools {
  bwrap?: string | undefined;
  prlimit?: string | undefined;
  setpriv?: string | undefined;
  unshare?: string | undefined;
  libraryDirs: string[];
}

let tools: Tools | undefined;
let layers: SandboxLayers | undefined;
let warned = false;

function which(name: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin']) {
    try {
      return realpathSync(join(dir, name));
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The directories of the shared libraries `binaries` load (ldd), to bind them read-only. */
function libraryDirs(binaries: string[]): string[] {
  const dirs = new Set<string>();
  for (const binary of binaries) {
    let out: string;
    try {
      out = execFileSync('ldd', [binary], { encoding: 'utf8', timeout: 10_000 });
    } catch {
      continue; // static binary, or no ldd: nothing to bind
    }
    for (const [, path] of out.matchAll(/(\/\S+)\s+\(0x/g)) {
      if (path === undefined) continue;
      dirs.add(dirname(path));
      dirs.add(dirname(realpathSync(path)));
    }
  }
  return [...dirs];
}

/**
 * `GUILDKIT_SANDBOX_DISABLE=bubblewrap,rlimits,setpriv,netns` leaves those tools out, for hosts
 * where one misbehaves (and to test what runs without it). The startup warning names the result.
 */
function disabled(tool: string): boolean {
  return (process.env['GUILDKIT_SANDBOX_DISABLE'] ?? '').split(',').includes(tool);
}

function findTools(): Tools {
  if (tools) return tools;
  const found: Tools = { libraryDirs: [] };
  if (process.platform === 'linux') {
    found.bwrap = disabled('bubblewrap') ? undefined : which('bwrap');
    found.prlimit = disabled('rlimits') ? undefined : which('prlimit');
    found.setpriv = process.getuid?.() === 0 && !disabled('setpriv') ? which('setpriv') : undefined;
    found.unshare = disabled('netns') ? undefined : which('unshare');
    const binaries = [realpathSync(process.execPath), found.setpriv].filter(
      (b): b is string => b !== undefined,
    );
    found.libraryDirs = libraryDirs(binaries);
  }
  tools = found;
  return found;
}

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

function build(options: SandboxLaunchOptions, want: SandboxLayers): SandboxLaunch {
  const t = findTools();
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

/** Tries each combination of layers, strongest first, with a trivial script; keeps the first that runs. */
function probeLayers(): SandboxLayers {
  if (layers) return layers;
  const t = findTools();
  const root = process.getuid?.() === 0;
  const candidates: SandboxLayers[] = [];
  const limits = t.prlimit !== undefined;
  if (t.bwrap) {
    if (root && t.setpriv) {
      candidates.push({
        bubblewrap: true,
        unprivilegedUser: true,
        resourceLimits: limits,
        networkNamespace: true,
      });
    }
    candidates.push({
      bubblewrap: true,
      unprivilegedUser: !root,
      resourceLimits: limits,
      networkNamespace: true,
    });
  }
  if (t.unshare) {
    candidates.push({
      bubblewrap: false,
      unprivilegedUser: !root,
      resourceLimits: limits,
      networkNamespace: true,
    });
  }
  candidates.push({
    bubblewrap: false,
    unprivilegedUser: !root,
    resourceLimits: limits,
    networkNamespace: false,
  });
  const probe = { script: '-e', readPaths: [], dataLimitBytes: 2 ** 30, openFiles: 64 };
  for (const candidate of candidates) {
    const launch = build(probe, candidate);
    const check = candidate.unprivilegedUser ? 'process.exit(process.getuid() === 0 ? 3 : 0)' : '0';
    const run = spawnSync(launch.command, [...launch.args, check], {
      env: {},
      stdio: 'ignore',
      timeout: 15_000,
    });
    if (run.status === 0) {
      layers = candidate;
      break;
    }
  }
  layers ??= {
    bubblewrap: false,
    unprivilegedUser: !root,
    resourceLimits: false,
    networkNamespace: false,
  };
  return layers;
}

/** The layers missing here, in words, or an empty list. */
export function missingLayers(have: SandboxLayers): string[] {
  const missing: string[] = [];
  if (!have.bubblewrap)
    missing.push('bubblewrap (install the bubblewrap package: mount/pid/ipc namespaces)');
  if (!have.networkNamespace)
    missing.push('network namespace (sandboxes are not network-isolated by the OS)');
  if (!have.unprivilegedUser) missing.push('unprivileged user (the sandbox runs as root)');
  if (!have.resourceLimits) missing.push('rlimits (prlimit from util-linux)');
  return missing;
}

/**
 * The OS layers available on this machine, probed once. Emits one `GUILDKIT_SANDBOX_LAYERS`
 * warning naming every missing layer.
 */
export function sandboxLayers(): SandboxLayers {
  const have = probeLayers();
  const missing = missingLayers(have);
  if (missing.length > 0 && !warned) {
    warned = true;
    process.emitWarning(
      `Guildkit python-exec: sandboxes run without: ${missing.join('; ')}. ` +
        'See the python-exec README, "Security model", for what holds without them.',
      { code: 'GUILDKIT_SANDBOX_LAYERS' },
    );
  }
  return have;
}

/**
 * The command line for a sandbox (or snapshot builder) process: Node's permission model with
 * read access to `readPaths` only, no code generation from strings, inside every OS layer this
 * machine offers (bubblewrap, an unprivileged uid, rlimits, a network namespace).
 */
export function sandboxLaunch(options: SandboxLaunchOptions): SandboxLaunch {
  return build(options, sandboxLayers());
}
