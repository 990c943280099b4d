// @ts-check
// The one interpreter of a sandbox process with process isolation, on its main thread: a call
// crosses the process boundary and no thread. While the code runs this thread is busy, so a
// watchdog thread (call-watchdog.mjs) keeps the call's deadline, reads cancels, and kills the
// process when the code cannot be stopped.
/** @import { BootMessage, ExecMessage } from '../src/sandbox/protocol/index.ts' */
/** @import { InterpreterHost, HostContext } from './interpreter-host.mjs' */
/** @import { ExecCall, CallAnswer } from './interpreter.mjs' */
import process from 'node:process';
import { Worker } from 'node:worker_threads';
import { clearInterrupt, endedResult } from './call-deadline.mjs';
import { INTERRUPT } from './interrupts.mjs';
import { bootInterpreter } from './interpreter.mjs';

const watchdogUrl = new URL('./call-watchdog.mjs', import.meta.url);

/**
 * @param {HostContext} context
 * @returns {InterpreterHost}
 */
export function mainInterpreter({ send, interpreterOptions, controlFd }) {
  /** @type {{ slot: number, control: SharedArrayBuffer, running: Int32Array, watchdog: Worker, execute?: (call: ExecCall) => CallAnswer } | undefined} */
  let here;
  let calls = 0;

  return {
    /**
     * @param {BootMessage} message
     * @param {Uint8Array[]} attachments
     */
    boot(message, [snapshot, ...wheels]) {
      const { slot } = message;
      // One interpreter per process: the guild boots a second one in a new process.
      if (here) {
        send({ op: 'boot-failed', slot });
        return;
      }
      const control = new SharedArrayBuffer(INTERRUPT.bytes);
      const watchdog = new Worker(watchdogUrl, {
        workerData: { control, controlFd },
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 },
      });
      // Without its watchdog no deadline holds: end rather than run calls unbounded.
      watchdog.on('error', () => process.exit(1));
      watchdog.on('exit', () => process.exit(1));
      const running = new Int32Array(control, INTERRUPT.call, 1);
      const booted = { slot, control, running, watchdog };
      here = booted;
      const image = { snapshot, wheels };
      bootInterpreter({ ...interpreterOptions(message, control), image }, send).then(
        (execute) => {
          Object.assign(booted, { execute });
          send({ op: 'booted', slot });
          // The boot frame (snapshot and wheels) is garbage now: return its memory at once.
          /** @type {any} */ (globalThis).gc?.();
        },
        () => {
          send({ op: 'boot-failed', slot });
          process.exit(1);
        },
      );
    },

    /**
     * @param {ExecMessage} message
     * @param {Uint8Array[]} fileData
     */
    exec(message, fileData) {
      const { id, slot, timeoutMs, graceMs } = message;
      if (!here?.execute || slot !== here.slot) {
        send(endedResult({ id, slot }, 'crashed'));
        return;
      }
      const { control, running, watchdog, execute } = here;
      clearInterrupt(control);
      calls += 1;
      Atomics.store(running, 0, calls);
      watchdog.postMessage({ call: calls, id, slot, timeoutMs, graceMs });
      const { reply, fileData: files } = execute({ ...message, fileData });
      Atomics.store(running, 0, 0);
      send(reply, files);
      // Pyodide itself failed: the interpreter is unusable, and so is this process.
      if (reply.outcome === 'crashed') process.exit(1);
    },

    /** @param {number} slot */
    close(slot) {
      if (here?.slot === slot) process.exit(0);
    },
  };
}
