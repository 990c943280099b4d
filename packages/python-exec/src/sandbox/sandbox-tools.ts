import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The binaries the OS layers use, where this machine has them (looked up once). */
export interface SandboxTools {
  bwrap?: string | undefined;
  prlimit?: string | undefined;
  setpriv?: string | undefined;
  unshare?: string | undefined;
  /** The directories of the shared libraries of Node and setpriv, bound read-only. */
  libraryDirs: string[];
}

let tools: SandboxTools | undefined;

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

/** The tools of the OS layers on this machine, less those `GUILDKIT_SANDBOX_DISABLE` names. */
export function findSandboxTools(): SandboxTools {
  if (tools) return tools;
  const found: SandboxTools = { libraryDirs: [] };
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
