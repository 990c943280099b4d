// One agent's interpreter: Pyodide restored from a memory snapshot, inside a worker thread of
// the sandbox process. Receives {op:'exec'} messages and answers {op:'result'}.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const INTERRUPT_TIMEOUT = 1;
const INTERRUPT_OUTPUT = 2;
const SIGINT = 2;

const { pyodideUrl, indexURL, snapshot, wasmModule, control, memoryLimitBytes, policyJson } =
  workerData;
const { wheels, warmUp } = workerData;
const interrupt = new Int32Array(control, 0, 1);
const interruptReason = new Int32Array(control, 4, 1);

// Emscripten's NODEFS.staticInit asks process.binding('constants'); the permission model denies it.
process.binding = (name) => {
  if (name === 'constants') return { fs: fs.constants, os: {} };
  throw new Error(`process.binding('${name}') is not available in the sandbox`);
};

// Caps the wasm heap (a refused resize makes Python raise MemoryError instead of growing to
// 4 GiB) and instantiates the module the sandbox compiled once, so all its interpreters share
// the compiled code.
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function capped(source, imports) {
  const env = imports?.env;
  if (!env?.emscripten_resize_heap) return instantiate.call(this, source, imports);
  const resize = env.emscripten_resize_heap;
  env.emscripten_resize_heap = (requested) =>
    requested >>> 0 > memoryLimitBytes ? 0 : resize(requested);
  if (source instanceof WebAssembly.Module) return instantiate.call(this, source, imports);
  return instantiate
    .call(this, wasmModule, imports)
    .then((instance) => ({ module: wasmModule, instance }));
};

class CappedSink {
  constructor() {
    this.reset(0);
  }

  reset(limit) {
    this.limit = limit;
    this.chunks = [];
    this.bytes = 0;
    this.truncated = false;
  }

  write(buffer) {
    const room = this.limit - this.bytes;
    if (room > 0) {
      const kept = buffer.length <= room ? buffer : buffer.subarray(0, room);
      this.chunks.push(kept.slice());
      this.bytes += kept.length;
    }
    if (buffer.length > room && !this.truncated) {
      this.truncated = true;
      Atomics.store(interruptReason, 0, INTERRUPT_OUTPUT);
      Atomics.store(interrupt, 0, SIGINT);
    }
    return buffer.length;
  }

  text() {
    const all = new Uint8Array(this.bytes);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    const text = new TextDecoder().decode(all);
    return this.truncated ? `${text}\n[output truncated at ${this.limit} bytes]\n` : text;
  }
}

const hostProcess = process;
const stdout = new CappedSink();
const stderr = new CappedSink();

const { loadPyodide } = await import(pyodideUrl);
const py = await loadPyodide({
  indexURL,
  _loadSnapshot: new Uint8Array(snapshot),
  jsglobals: Object.create(null),
  env: { HOME: '/home/pyodide' },
  stdout: () => {},
  stderr: () => {},
});
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), 'wheel');
}
py.setStdout({ write: (buffer) => stdout.write(buffer) });
py.setStderr({ write: (buffer) => stderr.write(buffer) });
py.setInterruptBuffer(interrupt);
const runtime = py.pyimport('_guildkit_runtime');
const interpreter = runtime.create(policyJson);
const run = interpreter.run;
if (warmUp) runtime.warm_up(policyJson);
runtime.destroy();

// Close the doors Python could use to reach the JavaScript host from inside this worker.
py.runPython("import sys\nfor m in ('js', 'pyodide_js'): sys.modules.pop(m, None)");
py.unregisterJsModule('js');
py.unregisterJsModule('pyodide_js');
for (const key of ['loadPackage', 'loadPackagesFromImports', 'mountNodeFS', 'mountNativeFS']) {
  py[key] = () => {
    throw new Error(`${key} is disabled in the sandbox`);
  };
}
for (const key of ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'require', 'process']) {
  delete globalThis[key];
}

function execute({ id, code, globalsJson, namesJson, maxOutputBytes }) {
  stdout.reset(maxOutputBytes);
  stderr.reset(maxOutputBytes);
  Atomics.store(interruptReason, 0, 0);
  Atomics.store(interrupt, 0, 0);
  const started = performance.now();
  let raw = null;
  let crashed;
  try {
    raw = run(code, globalsJson, namesJson);
  } catch (error) {
    // The runtime catches everything Python raises, so this is Pyodide itself failing
    // (a fatal error): the interpreter is unusable and this worker ends after replying.
    crashed = `Pyodide failed: ${String(error?.message ?? error).slice(0, 500)}`;
  }
  Atomics.store(interrupt, 0, 0);
  parentPort.postMessage({
    op: 'result',
    id,
    raw,
    crashed,
    stdout: stdout.text(),
    stderr: stderr.text(),
    outputLimited: Atomics.load(interruptReason, 0) === INTERRUPT_OUTPUT,
    timedOut: Atomics.load(interruptReason, 0) === INTERRUPT_TIMEOUT,
    durationMs: performance.now() - started,
  });
  if (crashed !== undefined) hostProcess.exit(1);
}

parentPort.on('message', (message) => {
  if (message.op === 'exec') execute(message);
});
// Let the work Pyodide queued during boot run now rather than in front of the first request.
await new Promise((resolve) => setTimeout(resolve, 0));
parentPort.postMessage({ op: 'ready' });
