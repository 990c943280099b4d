// @ts-check
// The sandbox process: started by the guild inside every OS layer the machine offers
// (src/sandbox/os-sandbox.ts), with Node's permission model and no code generation from strings.
// It speaks the framed protocol of src/sandbox/protocol/ on stdin/stdout, hosts one
// worker thread per interpreter (one in all, unless the guild opted into shared isolation),
// enforces deadlines and kills what cannot be interrupted. The guild trusts nothing it says.
/** @import { BootMessage, ExecMessage, HostMessage, ResultMessage, SandboxMessage } from '../src/sandbox/protocol/index.ts' */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readFrames, writeFrame } from './frames.mjs';
import {
  INTERRUPT,
  REARM_MS,
  REASON_CANCEL,
  REASON_NONE,
  REASON_TIMEOUT,
  SIGINT,
} from './interrupts.mjs';

const pyodideDir = process.argv[2] ?? '';
const workerUrl = new URL('./interpreter-worker.mjs', import.meta.url);
const output = process.stdout;
/** @type {WebAssembly.Module | undefined} */
let compiled;

/**
 * @typedef {{ id: string, startedAt: number, graceMs: number, reason: number, softTimer?: NodeJS.Timeout, hardTimer?: NodeJS.Timeout, rearm?: NodeJS.Timeout }} Pending
 * @typedef {{ worker: Worker, control: SharedArrayBuffer, ready: boolean, pending: Pending | null }} Slot
 */
/** @type {Map<number, Slot>} */
const slots = new Map();

/**
 * @param {SandboxMessage} message
 * @param {Uint8Array[]} [attachments]
 */
function send(message, attachments = []) {
  writeFrame(output, message, { attachments });
}

/** The compiled Pyodide module, shared by this process's interpreters (code only, no state). */
function compiledPyodide() {
  compiled ??= new WebAssembly.Module(fs.readFileSync(`${pyodideDir}/pyodide.asm.wasm`));
  return compiled;
}

/**
 * @param {BootMessage} message
 * @param {Uint8Array[]} attachments the snapshot, then the wheels
 */
function boot(message, [snapshot, ...wheels]) {
  const { slot } = message;
  const control = new SharedArrayBuffer(INTERRUPT.bytes);
  let worker;
  try {
    worker = new Worker(workerUrl, {
      workerData: {
        pyodideUrl: `file://${pyodideDir}/pyodide.mjs`,
        indexURL: `${pyodideDir}/`,
        snapshot,
        wheels,
        wasmModule: compiledPyodide(),
        control,
        memoryLimitBytes: message.memoryLimitBytes,
        maxFilesBytes: message.maxFilesBytes,
        policy: message.policy,
        warmUp: message.warmUp,
      },
      // The snapshot and wheels move to the worker: its interpreter's image is private to it.
      transferList: [snapshot, ...wheels]
        .filter((a) => a !== undefined)
        .map((a) => /** @type {ArrayBuffer} */ (a.buffer)),
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
  } catch {
    send({ op: 'boot-failed', slot });
    return;
  }
  // Nothing reads a worker's stdio: drain it so it cannot pile up in this process.
  worker.stdout.resume();
  worker.stderr.resume();
  /** @type {Slot} */
  const state = { worker, control, ready: false, pending: null };
  slots.set(slot, state);
  worker.on('message', (reply) => {
    const current = state.pending?.id === reply?.id;
    if ((reply?.op === 'output' || reply?.op === 'display') && current) {
      send({ ...reply, slot });
    } else if (reply?.op === 'ready' && !state.ready) {
      state.ready = true;
      send({ op: 'booted', slot });
      // The boot frame (snapshot and wheels) is garbage now: return its memory at once.
      /** @type {any} */ (globalThis).gc?.();
    } else if (reply?.op === 'result' && current) {
      const { fileData, ...message } = reply;
      finish(state, { ...message, slot }, fileData);
    }
  });
  const dead = () => {
    if (slots.get(slot) !== state) return;
    slots.delete(slot);
    if (!state.ready) send({ op: 'boot-failed', slot });
    else if (state.pending) finish(state, ended(state.pending, slot, 'crashed'));
  };
  worker.on('error', dead);
  worker.on('exit', dead);
}

/**
 * A result for a call whose interpreter is gone (killed at its deadline, or crashed).
 * @param {Pending} pending
 * @param {number} slot
 * @param {'killed' | 'crashed'} outcome
 * @returns {ResultMessage}
 */
function ended(pending, slot, outcome) {
  const cancelled = pending.reason === REASON_CANCEL;
  const timedOut = outcome === 'killed' && !cancelled;
  return {
    op: 'result',
    id: pending.id,
    slot,
    outcome,
    stdout: '',
    stderr: '',
    outputLimited: false,
    timedOut,
    cancelled,
    durationMs: performance.now() - pending.startedAt,
    files: [],
  };
}

/**
 * @param {Slot} state
 * @param {ResultMessage} message
 * @param {Uint8Array[]} [fileData]
 */
function finish(state, message, fileData = []) {
  clearTimeout(state.pending?.softTimer);
  clearTimeout(state.pending?.hardTimer);
  clearInterval(state.pending?.rearm);
  state.pending = null;
  send(message, fileData);
}

/**
 * Interrupts the call in flight (deadline or cancel), sets the interrupt again while the agent's
 * code runs and it got lost (Pyodide's call path can consume one), and kills after the grace.
 * @param {number} slot
 * @param {Slot} state
 * @param {number} why REASON_TIMEOUT or REASON_CANCEL
 */
function interruptCall(slot, state, why) {
  const { pending } = state;
  if (!pending || pending.reason !== REASON_NONE) return;
  pending.reason = why;
  const interrupt = new Int32Array(state.control, INTERRUPT.flag, 1);
  const userCode = new Int32Array(state.control, INTERRUPT.userCode, 1);
  Atomics.store(new Int32Array(state.control, INTERRUPT.reason, 1), 0, why);
  Atomics.store(interrupt, 0, SIGINT);
  pending.rearm = setInterval(() => {
    if (Atomics.load(userCode, 0) === 1 && Atomics.load(interrupt, 0) === 0) {
      Atomics.store(interrupt, 0, SIGINT);
    }
  }, REARM_MS);
  pending.hardTimer = setTimeout(() => kill(slot, state), pending.graceMs);
}

/**
 * @param {ExecMessage} message
 * @param {Uint8Array[]} fileData
 */
function exec(message, fileData) {
  const state = slots.get(message.slot);
  /** @type {Pending} */
  const pending = {
    id: message.id,
    startedAt: performance.now(),
    graceMs: message.graceMs,
    reason: REASON_NONE,
  };
  if (!state?.ready || state.pending) {
    send(ended(pending, message.slot, 'crashed'));
    return;
  }
  // Cleared here, before the call is posted, never by the worker: an interrupt set by a deadline
  // that fires before the worker starts the call is then not lost (a loop is interrupted, not killed).
  Atomics.store(new Int32Array(state.control, INTERRUPT.reason, 1), 0, REASON_NONE);
  Atomics.store(new Int32Array(state.control, INTERRUPT.flag, 1), 0, 0);
  pending.softTimer = setTimeout(
    () => interruptCall(message.slot, state, REASON_TIMEOUT),
    message.timeoutMs,
  );
  state.pending = pending;
  const transfer = fileData.map((bytes) => /** @type {ArrayBuffer} */ (bytes.buffer));
  state.worker.postMessage({ ...message, fileData }, transfer);
}

/**
 * @param {number} slot
 * @param {Slot} state
 */
function kill(slot, state) {
  if (slots.get(slot) !== state || !state.pending) return;
  slots.delete(slot);
  finish(state, ended(state.pending, slot, 'killed'));
  void state.worker.terminate();
}

/** @param {number} slot */
function close(slot) {
  const state = slots.get(slot);
  if (!state) return;
  slots.delete(slot);
  void state.worker.terminate();
}

readFrames(process.stdin, (/** @type {HostMessage} */ message, attachments) => {
  if (message.op === 'exec') exec(message, attachments);
  else if (message.op === 'cancel') {
    const state = slots.get(message.slot);
    if (state?.pending?.id === message.id) interruptCall(message.slot, state, REASON_CANCEL);
  } else if (message.op === 'boot') boot(message, attachments);
  else if (message.op === 'close') close(message.slot);
});
// The guild closed the channel (or died): nothing is left to serve.
process.stdin.on('end', () => process.exit(0));
output.on('error', () => process.exit(0));
