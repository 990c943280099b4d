// @ts-check
// What the sandbox's main script (sandbox-host.mjs) asks of the two ways it hosts interpreters:
// one on its own main thread (main-interpreter.mjs), or several in worker threads
// (worker-interpreters.mjs). Types only.
/** @import { BootMessage, ExecMessage, SandboxMessage } from '../src/sandbox/protocol/index.ts' */
/** @import { InterpreterOptions } from './interpreter.mjs' */

/**
 * @typedef {object} InterpreterHost
 * @property {(message: BootMessage, attachments: Uint8Array[]) => void} boot attachments: the snapshot, then the wheels
 * @property {(message: ExecMessage, fileData: Uint8Array[]) => void} exec
 * @property {(slot: number) => void} close
 *
 * @typedef {object} HostContext
 * @property {(message: SandboxMessage, attachments?: Uint8Array[]) => void} send a frame to the guild
 * @property {(boot: BootMessage, control: SharedArrayBuffer) => Omit<InterpreterOptions, 'image'>} interpreterOptions
 * @property {number} controlFd the pipe the guild sends cancels on: read by whichever thread is
 *   free while a call runs
 */

export {};
