// @ts-check
// A call's deadline inside the sandbox, kept by the thread that is free while the call runs: the
// sandbox's main thread for interpreters in workers, the watchdog thread (call-watchdog.mjs) for
// an interpreter on the main thread.
/** @import { CancelMessage, HostMessage, ResultMessage } from '../src/sandbox/protocol/index.ts' */
import net from 'node:net';
import { readFrames } from './frames.mjs';
import {
  INTERRUPT,
  REARM_MS,
  REASON_CANCEL,
  REASON_NONE,
  REASON_TIMEOUT,
  SIGINT,
} from './interrupts.mjs';

/**
 * Readies the control cells for a new call. Done by the thread that starts the call, before it
 * runs, never by the interpreter or the deadline's thread: an interrupt set by a deadline that
 * fires before the code starts is then not lost (a loop is interrupted, not killed).
 * @param {SharedArrayBuffer} control
 */
export function clearInterrupt(control) {
  Atomics.store(new Int32Array(control, INTERRUPT.reason, 1), 0, REASON_NONE);
  Atomics.store(new Int32Array(control, INTERRUPT.flag, 1), 0, 0);
}

/**
 * @typedef {object} DeadlineOptions
 * @property {string} id the call
 * @property {number} slot its interpreter
 * @property {number} timeoutMs
 * @property {number} graceMs time from the interrupt to the kill
 * @property {SharedArrayBuffer} control the interpreter's interrupt cells
 * @property {(deadline: CallDeadline) => void} kill ends an interpreter that did not stop
 * @property {() => boolean} [running] whether the call still runs (default: until `clear()`)
 */

/**
 * At the timeout (or a cancel) interrupts the call, sets the interrupt again while the agent's
 * code runs and it got lost (Pyodide's call path can consume one), and kills after the grace.
 */
export class CallDeadline {
  /** @param {DeadlineOptions} options */
  constructor(options) {
    this.options = options;
    this.id = options.id;
    this.slot = options.slot;
    this.startedAt = performance.now();
    this.reason = REASON_NONE;
    /** @type {NodeJS.Timeout | undefined} */
    this.hardTimer = undefined;
    /** @type {NodeJS.Timeout | undefined} */
    this.rearm = undefined;
    this.softTimer = setTimeout(() => this.interrupt(REASON_TIMEOUT), options.timeoutMs);
  }

  /** @param {number} why REASON_TIMEOUT or REASON_CANCEL */
  interrupt(why) {
    const { control, running } = this.options;
    if (this.reason !== REASON_NONE) return;
    if (running && !running()) {
      this.clear();
      return;
    }
    this.reason = why;
    const interrupt = new Int32Array(control, INTERRUPT.flag, 1);
    const userCode = new Int32Array(control, INTERRUPT.userCode, 1);
    Atomics.store(new Int32Array(control, INTERRUPT.reason, 1), 0, why);
    Atomics.store(interrupt, 0, SIGINT);
    this.rearm = setInterval(() => {
      if (Atomics.load(userCode, 0) === 1 && Atomics.load(interrupt, 0) === 0) {
        Atomics.store(interrupt, 0, SIGINT);
      }
    }, REARM_MS);
    this.hardTimer = setTimeout(() => {
      const stillRunning = !running || running();
      this.clear();
      if (stillRunning) this.options.kill(this);
    }, this.options.graceMs);
  }

  clear() {
    clearTimeout(this.softTimer);
    clearTimeout(this.hardTimer);
    clearInterval(this.rearm);
  }
}

/**
 * The result of a call whose interpreter is gone (killed at its deadline, or crashed), or that
 * had no interpreter to run on.
 * @param {{ id: string, slot: number, startedAt: number, reason: number }} call
 * @param {'killed' | 'crashed'} outcome
 * @returns {ResultMessage}
 */
export function endedResult(call, outcome) {
  const cancelled = call.reason === REASON_CANCEL;
  return {
    op: 'result',
    id: call.id,
    slot: call.slot,
    outcome,
    stdout: '',
    stderr: '',
    outputLimited: false,
    timedOut: outcome === 'killed' && !cancelled,
    cancelled,
    durationMs: performance.now() - call.startedAt,
    files: [],
  };
}

/**
 * Cancels that arrived before their call: cancels come on the control pipe and calls on stdin,
 * and nothing orders the two, so a cancel sent right after its call can be read first. Kept
 * until the call starts; the oldest go once there are more than `limit` (a cancel for a call
 * that already ended is never taken).
 */
export class EarlyCancels {
  constructor(limit = 64) {
    this.limit = limit;
    /** @type {Set<string>} */
    this.ids = new Set();
  }

  /** @param {string} id */
  add(id) {
    this.ids.add(id);
    for (const oldest of this.ids) {
      if (this.ids.size <= this.limit) break;
      this.ids.delete(oldest);
    }
  }

  /**
   * Whether the call `id` was cancelled before it started (and forgets it).
   * @param {string} id
   */
  take(id) {
    return this.ids.delete(id);
  }
}

/**
 * Reads the guild's cancels from the control pipe, on the thread that is free while calls run.
 * @param {number} fd
 * @param {(message: CancelMessage) => void} onCancel
 */
export function readCancels(fd, onCancel) {
  readFrames(
    new net.Socket({ fd, readable: true, writable: false }),
    (/** @type {HostMessage} */ message) => {
      if (message.op === 'cancel') onCancel(message);
    },
  );
}
