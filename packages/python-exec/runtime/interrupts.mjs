// @ts-check
// The layout of an interpreter's control buffer (a SharedArrayBuffer between the sandbox's main
// thread and one worker) and the values written into it, shared by sandbox-host.mjs and
// interpreter-worker.mjs.

/** Byte offsets of the two Int32 cells: Pyodide's interrupt flag, and why it was set. */
export const INTERRUPT = Object.freeze({ flag: 0, reason: 4 });
/** The signal number Pyodide raises as KeyboardInterrupt. */
export const SIGINT = 2;
export const REASON_NONE = 0;
export const REASON_TIMEOUT = 1;
export const REASON_OUTPUT = 2;
