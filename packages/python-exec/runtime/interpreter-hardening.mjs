// @ts-check
// What an interpreter's thread gives up before the agent's code runs: the Pyodide APIs and
// globals that reach past the interpreter, and a wasm heap without a cap.

/**
 * Replaces `key` on `target` with a function that throws, and pins it there.
 * @param {any} target
 * @param {string} key
 */
function disable(target, key) {
  if (target === undefined || target === null) return;
  try {
    Object.defineProperty(target, key, {
      value: () => {
        throw new Error(`${key} is disabled in the sandbox`);
      },
      writable: false,
      configurable: false,
    });
  } catch {
    // a non-configurable property: nothing to replace
  }
}

/**
 * Takes away what Pyodide leaves reachable from Python that reaches past this interpreter: the
 * host filesystem mounts (NODEFS and the FS mount API), the Node socket FS, package loading,
 * snapshot loading, stdio and interrupt switches, and the JS modules. The OS layer holds without
 * this; it keeps a policy bypass from getting further than the interpreter's own memory.
 * @param {any} py
 */
export function harden(py) {
  const api = py._api;
  const FS = py.FS;
  // Only MEMFS stays: NODEFS and friends reach the host's files and descriptors.
  FS.filesystems = Object.freeze({ MEMFS: FS.filesystems?.MEMFS });
  for (const key of ['mount', 'unmount', 'syncfs']) disable(FS, key);
  for (const key of [
    'mountNodeFS',
    'mountNativeFS',
    'loadPackage',
    'loadPackagesFromImports',
    'useNodeSockFS',
    'setInterruptBuffer',
    'setStdout',
    'setStderr',
    'setStdin',
    'registerJsModule',
    'unregisterJsModule',
    'makeMemorySnapshot',
    'unpackArchive',
  ]) {
    disable(py, key);
  }
  for (const key of ['initializeNodeSockFS', 'loadBinaryFile', 'loadSnapshot', 'makeSnapshot']) {
    disable(api, key);
  }
  // The sandbox's own modules import what they use (node:process, node:fs): none needs these.
  for (const key of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'require', 'process']) {
    Reflect.deleteProperty(globalThis, key);
  }
}

/**
 * Caps the wasm heap (a refused resize makes Python raise MemoryError instead of growing to
 * 4 GiB) and instantiates the module the sandbox compiled once (code is shared, memory is not).
 * @param {WebAssembly.Module} wasmModule
 * @param {number} memoryLimitBytes
 */
export function capWasm(wasmModule, memoryLimitBytes) {
  const instantiate = WebAssembly.instantiate;
  /** @type {any} */ (WebAssembly).instantiate = function capped(
    /** @type {any} */ source,
    /** @type {any} */ imports,
  ) {
    const env = imports?.env;
    if (!env?.emscripten_resize_heap) return instantiate.call(this, source, imports);
    const resize = env.emscripten_resize_heap;
    env.emscripten_resize_heap = (/** @type {number} */ requested) =>
      requested >>> 0 > memoryLimitBytes ? 0 : resize(requested);
    if (source instanceof WebAssembly.Module) return instantiate.call(this, source, imports);
    return instantiate
      .call(this, wasmModule, imports)
      .then((instance) => ({ module: wasmModule, instance }));
  };
}
