// @ts-check
// The layout of an interpreter's control buffer (a SharedArrayBuffer between the thread that runs
// the interpreter and the thread that keeps its deadlines) and the values written into it.

/**
 * Byte offsets of the Int32 cells: Pyodide's interrupt flag, why it was set, whether the agent's
 * code is running (1) or the runtime around it (0), and which call runs (its number; 0 between
 * calls; kept only for an interpreter on the main thread, whose watchdog cannot be told).
 */
export const INTERRUPT = Object.freeze({ flag: 0, reason: 4, userCode: 8, call: 12, bytes: 16 });
/** How often an interrupt that got lost before the agent's code ran is set again. */
export const REARM_MS = 20;
/** The signal number Pyodide raises as KeyboardInterrupt. */
export const SIGINT = 2;
export const REASON_NONE = 0;
export const REASON_TIMEOUT = 1;
export const REASON_OUTPUT = 2;
export const REASON_CANCEL = 3;
