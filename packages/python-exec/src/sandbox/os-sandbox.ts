import { spawnSync } from 'node:child_process';
import { launchCommand, type SandboxLaunch, type SandboxLaunchOptions } from './launch-command';
import { missingLayers, type SandboxLayers } from './sandbox-layers';
import { findSandboxTools } from './sandbox-tools';

// Probed once per process: each candidate costs a process start.
let layers: SandboxLayers | undefined;
let warned = false;

/** Tries each combination of layers, strongest first, with a trivial script; keeps the first that runs. */
function probeLayers(): SandboxLayers {
  if (layers) return layers;
  const t = findSandboxTools();
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
    const launch = launchCommand(probe, candidate);
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
  return launchCommand(options, sandboxLayers());
}
