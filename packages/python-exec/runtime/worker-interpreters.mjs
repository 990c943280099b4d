// @ts-check
// Interpreters in worker threads, one each, for a sandbox process that hosts several (shared
// isolation). This thread stays free while they run: it keeps their deadlines and reads cancels.
/** @import { BootMessage, ExecMessage, ResultMessage } from '../src/sandbox/protocol/index.ts' */
/** @import { InterpreterHost, HostContext } from './interpreter-host.mjs' */
import { Worker } from 'node:worker_threads';
import { CallDeadline, clearInterrupt, endedResult, readCancels } from './call-deadline.mjs';
import { INTERRUPT } from './interrupts.mjs';

const workerUrl = new URL('./interpreter-worker.mjs', import.meta.url);

/**
 * @typedef {{ worker: Worker, control: SharedArrayBuffer, ready: boolean, pending: CallDeadline | null }} Slot
 */

/**
 * @param {HostContext} context
 * @returns {InterpreterHost}
 */
export function workerInterpreters({ send, interpreterOptions, controlFd }) {
  /** @type {Map<number, Slot>} */
  const slots = new Map();
  const started = readCancels(controlFd, ({ slot }) => slots.get(slot)?.pending);

  /**
   * @param {Slot} state
   * @param {ResultMessage} message
   * @param {Uint8Array[]} [fileData]
   */
  function finish(state, message, fileData = []) {
    state.pending?.clear();
    state.pending = null;
    send(message, fileData);
  }

  /**
   * @param {number} slot
   * @param {Slot} state
   */
  function kill(slot, state) {
    if (slots.get(slot) !== state || !state.pending) return;
    slots.delete(slot);
    finish(state, endedResult(state.pending, 'killed'));
    void state.worker.terminate();
  }

  return {
    /**
     * @param {BootMessage} message
     * @param {Uint8Array[]} attachments the snapshot, then the wheels
     */
    boot(message, [snapshot, ...wheels]) {
      const { slot } = message;
      const control = new SharedArrayBuffer(INTERRUPT.bytes);
      let worker;
      try {
        worker = new Worker(workerUrl, {
          workerData: { ...interpreterOptions(message, control), snapshot, wheels },
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
        else if (state.pending) finish(state, endedResult(state.pending, 'crashed'));
      };
      worker.on('error', dead);
      worker.on('exit', dead);
    },

    /**
     * @param {ExecMessage} message
     * @param {Uint8Array[]} fileData
     */
    exec(message, fileData) {
      const { id, slot, timeoutMs, graceMs } = message;
      const state = slots.get(slot);
      if (!state?.ready || state.pending) {
        send(endedResult({ id, slot }, 'crashed'));
        return;
      }
      clearInterrupt(state.control);
      const { control } = state;
      state.pending = new CallDeadline({
        id,
        slot,
        timeoutMs,
        graceMs,
        control,
        kill: () => kill(slot, state),
      });
      const transfer = fileData.map((bytes) => /** @type {ArrayBuffer} */ (bytes.buffer));
      state.worker.postMessage({ ...message, fileData }, transfer);
      started(state.pending);
    },

    /** @param {number} slot */
    close(slot) {
      const state = slots.get(slot);
      if (!state) return;
      slots.delete(slot);
      void state.worker.terminate();
    },
  };
}
