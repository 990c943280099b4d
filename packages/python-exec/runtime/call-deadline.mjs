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
 * had no interpreter to run on (then it ran for no time and nothing stopped it).
 * @param {{ id: string, slot: number, startedAt?: number, reason?: number }} call
 * @param {'killed' | 'crashed'} outcome
 * @returns {ResultMessage}
 */
export function endedResult({ id, slot, startedAt, reason }, outcome) {
  const cancelled = reason === REASON_CANCEL;
  return {
    op: 'result',
    id,
    slot,
    outcome,
    stdout: '',
    stderr: '',
    outputLimited: false,
    timedOut: outcome === 'killed' && !cancelled,
    cancelled,
    durationMs: startedAt === undefined ? 0 : performance.now() - startedAt,
    files: [],
  };
}

/** Cancels kept for calls that have not started yet (see readCancels). */
const EARLY_CANCELS = 64;

/**
 * Reads the guild's cancels from the control pipe, on the thread that is free while calls run,
 * and interrupts the call each names (`deadlineOf` finds its deadline, if it runs). Cancels come
 * on that pipe and calls on stdin, and nothing orders the two, so a cancel sent right after its
 * call can be read first: it is kept (the last EARLY_CANCELS of them) until the call starts.
 * Returns what to call as each call's deadline is set.
 * @param {number} fd
 * @param {(cancel: CancelMessage) => CallDeadline | null | undefined} deadlineOf
 * @returns {(deadline: CallDeadline) => void}
 */
export function readCancels(fd, deadlineOf) {
  /** @type {Set<string>} */
  const early = new Set();
  readFrames(
    new net.Socket({ fd, readable: true, writable: false }),
    (/** @type {HostMessage} */ message) => {
      if (message.op !== 'cancel') return;
      const deadline = deadlineOf(message);
      if (deadline?.id === message.id) {
        deadline.interrupt(REASON_CANCEL);
        return;
      }
      early.add(message.id);
      for (const oldest of early) {
        if (early.size <= EARLY_CANCELS) break;
        early.delete(oldest);
      }
    },
  );
  return (deadline) => {
    if (early.delete(deadline.id)) deadline.interrupt(REASON_CANCEL);
  };
}
