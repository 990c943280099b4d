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
