// @ts-check
// The sandbox process: started by the guild inside every OS layer the machine offers
// (src/sandbox/os-sandbox.ts), with Node's permission model and no code generation from strings.
// It speaks the framed protocol of src/sandbox/protocol/: boots and calls on stdin, cancels on
// the control pipe, answers on stdout. With process isolation it hosts one interpreter, on this
// thread (main-interpreter.mjs); with shared isolation one worker thread per interpreter
// (worker-interpreters.mjs). It enforces deadlines and kills what cannot be interrupted. The
// guild trusts nothing it says.
// Arguments: the Pyodide directory, `one` or `many` interpreters, the control pipe's descriptor.
/** @import { BootMessage, HostMessage, SandboxMessage } from '../src/sandbox/protocol/index.ts' */
/** @import { HostContext } from './interpreter-host.mjs' */
import { Console } from 'node:console';
import fs from 'node:fs';
import process from 'node:process';
import { readFrames, writeFrame } from './frames.mjs';
import { mainInterpreter } from './main-interpreter.mjs';
import { workerInterpreters } from './worker-interpreters.mjs';

const [pyodideDir = '', interpreters = 'many', controlFd = '3'] = process.argv.slice(2);
const output = process.stdout;
// stdout carries the frames: whatever this process's code prints goes to stderr instead.
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
/** @type {WebAssembly.Module | undefined} */
let compiled;

/** @type {HostContext} */
const context = {
  send(/** @type {SandboxMessage} */ message, attachments = []) {
    writeFrame(output, message, { attachments });
  },
  interpreterOptions(/** @type {BootMessage} */ message, control) {
    // Compiled once, shared by this process's interpreters (code only, no state).
    compiled ??= new WebAssembly.Module(fs.readFileSync(`${pyodideDir}/pyodide.asm.wasm`));
    return {
      pyodideUrl: `file://${pyodideDir}/pyodide.mjs`,
      indexURL: `${pyodideDir}/`,
      wasmModule: compiled,
      control,
      memoryLimitBytes: message.memoryLimitBytes,
      maxFilesBytes: message.maxFilesBytes,
      policy: message.policy,
      warmUp: message.warmUp,
    };
  },
  controlFd: Number(controlFd),
};
const host = interpreters === 'one' ? mainInterpreter(context) : workerInterpreters(context);

readFrames(process.stdin, (/** @type {HostMessage} */ message, attachments) => {
  if (message.op === 'exec') host.exec(message, attachments);
  else if (message.op === 'boot') host.boot(message, attachments);
  else if (message.op === 'close') host.close(message.slot);
});
// The guild closed the channel (or died): nothing is left to serve.
process.stdin.on('end', () => process.exit(0));
output.on('error', () => process.exit(0));
