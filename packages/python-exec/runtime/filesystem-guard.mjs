// @ts-check
// The interpreter's in-memory filesystem (MEMFS) after boot: the agent's home and /tmp are its
// private writable area, bounded by `max_files_bytes`; everything else (the stdlib, installed
// packages) is read-only, so no code can plant a module that a whitelisted import would run.
// MEMFS keeps file data in JavaScript memory, outside the wasm heap cap: without this bound one
// agent could fill the memory of its sandbox process (and of every agent in a shared one).

/** Emscripten's errno values (WASI numbering, which Python in Pyodide uses too). */
const ENOSPC = 51;
const EROFS = 69;
/** What a directory entry, a link or an empty file costs, counted against the limit. */
const NODE_BYTES = 256;

/** A write refused because the agent's files would exceed their limit. */
export const NO_SPACE = ENOSPC;

/**
 * Makes everything outside `writableRoots` read-only and bounds what is stored under them
 * (file data plus NODE_BYTES per entry) to `maxBytes`: beyond it a write fails with ENOSPC
 * (Python: `OSError: [Errno 51] No space left on device`), outside them with EROFS.
 * Only growth after this call is counted (what boot left in the writable roots is free).
 * @param {any} FS Emscripten's FS
 * @param {{ writableRoots: string[], maxBytes: number }} options
 */
export function guardFilesystem(FS, { writableRoots, maxBytes }) {
  const MEMFS = FS.filesystems.MEMFS;
  const table = MEMFS.ops_table;
  const roots = new Set(writableRoots.map((path) => FS.lookupPath(path).node));
  /** @type {Map<any, number>} bytes charged per node */
  const charged = new Map();
  let used = 0;

  /** @param {any} node */
  const writable = (node) => {
    for (let n = node; ; n = n.parent) {
      if (roots.has(n)) return true;
      if (n.parent === n) return false;
    }
  };
  /** @param {any} node */
  const mustBeWritable = (node) => {
    if (!writable(node)) throw new FS.ErrnoError(EROFS);
  };
  /** @param {any} node */
  const cost = (node) => NODE_BYTES + (node.usedBytes ?? 0) + (node.link?.length ?? 0);

  /** @param {any} node */
  const reachable = (node) => {
    for (let n = node; n.parent !== n; n = n.parent) {
      if (n.parent.contents?.[n.name] !== n) return false;
    }
    return true;
  };
  /** Forgets nodes that are gone: unlinked and no longer open. */
  const reclaim = () => {
    const open = new Set(FS.streams.map((/** @type {any} */ s) => s?.node));
    for (const [node, bytes] of charged) {
      if (!reachable(node) && !open.has(node)) {
        charged.delete(node);
        used -= bytes;
      }
    }
  };
  /** @param {number} grow bytes about to be added */
  const reserve = (grow) => {
    if (grow <= 0 || used + grow <= maxBytes) return;
    reclaim();
    if (used + grow > maxBytes) throw new FS.ErrnoError(ENOSPC);
  };
  /** @param {any} node */
  const settle = (node) => {
    const bytes = cost(node);
    used += bytes - (charged.get(node) ?? 0);
    charged.set(node, bytes);
  };

  /**
   * @param {any} ops
   * @param {string} key
   * @param {(original: Function) => Function} wrap
   */
  const patch = (ops, key, wrap) => {
    if (typeof ops?.[key] === 'function') ops[key] = wrap(ops[key]);
  };
  const write = MEMFS.stream_ops.write;
  /**
   * MEMFS's write(stream, buffer, offset, length, position, canOwn), checked and counted.
   * @param {any} stream
   * @param {...any} args
   * @returns {number}
   */
  function guardedWrite(stream, ...args) {
    const [, , length, position] = args;
    const node = stream.node;
    mustBeWritable(node);
    const grow = Math.max(0, position + length - (node.usedBytes ?? 0));
    reserve(grow + (charged.has(node) ? 0 : cost(node)));
    const written = write(stream, ...args);
    settle(node);
    return written;
  }
  // msync calls MEMFS.stream_ops.write; open files call the table's copy.
  MEMFS.stream_ops.write = guardedWrite;
  table.file.stream.write = guardedWrite;
  for (const kind of ['dir', 'file', 'link']) {
    patch(
      table[kind].node,
      'setattr',
      (setattr) => (/** @type {any} */ node, /** @type {any} */ attr) => {
        mustBeWritable(node);
        if (attr.size !== undefined) reserve(attr.size - (node.usedBytes ?? 0));
        setattr(node, attr);
        if (charged.has(node) || attr.size !== undefined) settle(node);
      },
    );
  }
  const dir = table.dir.node;
  for (const key of ['mknod', 'symlink']) {
    patch(dir, key, (create) => (/** @type {any} */ parent, /** @type {any[]} */ ...args) => {
      mustBeWritable(parent);
      reserve(NODE_BYTES + String(args[2] ?? '').length);
      const node = create(parent, ...args);
      settle(node);
      return node;
    });
  }
  for (const key of ['unlink', 'rmdir']) {
    patch(dir, key, (remove) => (/** @type {any} */ parent, /** @type {string} */ name) => {
      mustBeWritable(parent);
      return remove(parent, name);
    });
  }
  patch(
    dir,
    'rename',
    (rename) =>
      (/** @type {any} */ node, /** @type {any} */ newDir, /** @type {string} */ name) => {
        mustBeWritable(node.parent);
        mustBeWritable(newDir);
        return rename(node, newDir, name);
      },
  );
  return {
    /** Bytes counted against the limit now. */
    get usedBytes() {
      reclaim();
      return used;
    },
  };
}
