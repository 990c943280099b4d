// The sandbox process: started by the guild with Node's permission model, no code generation
// from strings, an empty environment and (where the OS allows) no network. It hosts one worker
// thread per agent interpreter, enforces deadlines and kills what cannot be interrupted.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

const INTERRUPT_TIMEOUT = 1;
const SIGINT = 2;
const workerUrl = new URL('./interpreter-worker.mjs', import.meta.url);
const snapshots = new Map();
const modules = new Map();
const slots = new Map();

function send(message) {
  if (process.connected) process.send(message);
}

function sharedSnapshot(path) {
  let shared = snapshots.get(path);
  if (!shared) {
    const bytes = fs.readFileSync(path);
    shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    snapshots.set(path, shared);
  }
  return shared;
}

function compiledPyodide(indexURL) {
  let module = modules.get(indexURL);
  if (!module) {
    module = new WebAssembly.Module(
      fs.readFileSync(new URL('pyodide.asm.wasm', `file://${indexURL}`)),
    );
    modules.set(indexURL, module);
  }
  return module;
}

function describe(error) {
  return String(error?.stack ?? error?.message ?? error);
}

function spawn({ slot, image, warmUp }) {
  const control = new SharedArrayBuffer(8);
  let worker;
  try {
    worker = new Worker(workerUrl, {
      workerData: {
        pyodideUrl: image.pyodideUrl,
        indexURL: image.indexURL,
        snapshot: sharedSnapshot(image.snapshotPath),
        wasmModule: compiledPyodide(image.indexURL),
        warmUp,
        control,
        memoryLimitBytes: image.memoryLimitBytes,
        policyJson: image.policyJson,
        wheels: image.wheels,
      },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
  } catch (error) {
    send({ op: 'spawn-failed', slot, error: describe(error) });
    return;
  }
  const state = { worker, control, ready: false, pending: null };
  slots.set(slot, state);
  worker.on('message', (message) => {
    if (message.op === 'ready') {
      state.ready = true;
      send({ op: 'spawned', slot });
    } else if (message.op === 'result' && state.pending?.id === message.id) {
      finish(state, { ...message, slot });
    }
  });
  const dead = (error) => {
    if (slots.get(slot) !== state) return;
    slots.delete(slot);
    if (!state.ready) {
      send({ op: 'spawn-failed', slot, error: describe(error) });
    } else if (state.pending) {
      finish(state, { op: 'result', id: state.pending.id, slot, crashed: describe(error) });
    }
  };
  worker.on('error', dead);
  worker.on('exit', (code) => dead(new Error(`interpreter exited with code ${code}`)));
}

function finish(state, message) {
  clearTimeout(state.pending.softTimer);
  clearTimeout(state.pending.hardTimer);
  state.pending = null;
  send(message);
}

function exec(message) {
  const state = slots.get(message.slot);
  if (!state?.ready || state.pending) {
    const why = state ? 'busy' : 'gone';
    send({ op: 'result', id: message.id, slot: message.slot, crashed: `interpreter ${why}` });
    return;
  }
  const interrupt = new Int32Array(state.control, 0, 1);
  const reason = new Int32Array(state.control, 4, 1);
  const pending = { id: message.id, startedAt: performance.now() };
  pending.softTimer = setTimeout(() => {
    Atomics.store(reason, 0, INTERRUPT_TIMEOUT);
    Atomics.store(interrupt, 0, SIGINT);
    pending.hardTimer = setTimeout(() => kill(message.slot, state), message.graceMs);
  }, message.timeoutMs);
  state.pending = pending;
  state.worker.postMessage(message);
}

function kill(slot, state) {
  if (slots.get(slot) !== state || !state.pending) return;
  const { id, startedAt } = state.pending;
  slots.delete(slot);
  finish(state, {
    op: 'result',
    id,
    slot,
    killed: true,
    timedOut: true,
    durationMs: performance.now() - startedAt,
  });
  void state.worker.terminate();
}

function close({ slot }) {
  const state = slots.get(slot);
  if (!state) return;
  slots.delete(slot);
  void state.worker.terminate();
}

process.on('message', (message) => {
  if (message.op === 'exec') exec(message);
  else if (message.op === 'spawn') spawn(message);
  else if (message.op === 'close') close(message);
});
process.on('disconnect', () => process.exit(0));
