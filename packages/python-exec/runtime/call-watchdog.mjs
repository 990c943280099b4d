// @ts-check
// The watchdog of an interpreter on the sandbox's main thread (main-interpreter.mjs). While the
// agent's code runs that thread can neither fire a timer nor read a cancel, so this thread keeps
// the call's deadline, reads the guild's cancels, and when the code cannot be stopped, answers
// the call as killed and ends the process (which hosts only that interpreter).
import fs from 'node:fs';
import process from 'node:process';
import { parentPort, workerData } from 'node:worker_threads';
import { CallDeadline, endedResult, readCancels } from './call-deadline.mjs';
import { encodeFrame } from './frames.mjs';
import { INTERRUPT } from './interrupts.mjs';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
/** @type {{ control: SharedArrayBuffer, controlFd: number }} */
const { control, controlFd } = workerData;
/** The call the main thread runs now (its number), or 0 between calls. */
const running = new Int32Array(control, INTERRUPT.call, 1);
/** @type {CallDeadline | undefined} */
let deadline;
const started = readCancels(controlFd, () => deadline);

port.on(
  'message',
  (
    /** @type {{ call: number, id: string, slot: number, timeoutMs: number, graceMs: number }} */ start,
  ) => {
    deadline?.clear();
    deadline = new CallDeadline({
      ...start,
      control,
      running: () => Atomics.load(running, 0) === start.call,
      kill: (call) => {
        // The main thread is stuck in the agent's code, so this is the only writer left.
        fs.writeSync(1, encodeFrame(endedResult(call, 'killed')));
        process.kill(process.pid, 'SIGKILL');
      },
    });
    started(deadline);
  },
);
