// @ts-check
// One agent's interpreter: Pyodide restored from its own copy of the snapshot. It runs on the
// sandbox's main thread when the process hosts only this interpreter (process isolation), or in
// a worker thread of its own (interpreter-worker.mjs) when the process hosts several.
/** @import { DisplayMessage, ExecMessage, OutputMessage, ResultMessage, RuntimePolicy, InterpreterPolicy } from '../src/sandbox/protocol/index.ts' */
import fs from 'node:fs';
import process from 'node:process';
import { CappedSink, OutputStreamer } from './call-output.mjs';
import { guardFilesystem } from './filesystem-guard.mjs';
import { failed, outputFiles, requestFiles } from './call-files.mjs';
import { HOME, PRIVATE_ROOTS } from './home-files.mjs';
import {
  INTERRUPT,
  REASON_CANCEL,
  REASON_NONE,
  REASON_OUTPUT,
  REASON_TIMEOUT,
  SIGINT,
} from './interrupts.mjs';
import { capWasm, harden } from './interpreter-hardening.mjs';
import { withSparseRestore } from './sparse-restore.mjs';

/**
 * @typedef {object} InterpreterOptions
 * @property {string} pyodideUrl
 * @property {string} indexURL
 * @property {WebAssembly.Module} wasmModule compiled once per sandbox (code only, no state)
 * @property {SharedArrayBuffer} control the interrupt cells (interrupts.mjs)
 * @property {number} memoryLimitBytes
 * @property {number} maxFilesBytes
 * @property {InterpreterPolicy} policy
 * @property {boolean} warmUp
 * @property {{ snapshot: Uint8Array | undefined, wheels: Uint8Array[] }} image dropped once restored
 *
 * @typedef {ExecMessage & { fileData: Uint8Array[] }} ExecCall
 * @typedef {{ reply: ResultMessage, fileData: Uint8Array[] }} CallAnswer
 * @typedef {(event: OutputMessage | DisplayMessage) => void} PostEvent
 */

/**
 * Boots the interpreter (once per thread: it takes over this thread's globals) and returns its
 * `execute`, which runs one call synchronously. Output and rich results of a streaming call go
 * to `post` while the code runs.
 * @param {InterpreterOptions} options
 * @param {PostEvent} post
 * @returns {Promise<(call: ExecCall) => CallAnswer>}
 */
export async function bootInterpreter(options, post) {
  const { control, maxFilesBytes, image } = options;
  const interrupt = new Int32Array(control, INTERRUPT.flag, 1);
  const interruptReason = new Int32Array(control, INTERRUPT.reason, 1);
  const userCode = new Int32Array(control, INTERRUPT.userCode, 1);

  // Emscripten's NODEFS.staticInit asks process.binding('constants'); the permission model denies it.
  /** @type {any} */ (process).binding = (/** @type {string} */ name) => {
    if (name === 'constants') return { fs: fs.constants, os: {} };
    throw new Error(`process.binding('${name}') is not available in the sandbox`);
  };
  capWasm(options.wasmModule, options.memoryLimitBytes);

  const streamer = new OutputStreamer(post);
  const stopForOutput = () => {
    Atomics.store(interruptReason, 0, REASON_OUTPUT);
    Atomics.store(interrupt, 0, SIGINT);
  };
  const stdout = new CappedSink('stdout', streamer, stopForOutput);
  const stderr = new CappedSink('stderr', streamer, stopForOutput);

  const { loadPyodide } = await import(options.pyodideUrl);
  const py = await withSparseRestore(image.snapshot, () =>
    loadPyodide({
      indexURL: options.indexURL,
      _loadSnapshot: image.snapshot,
      jsglobals: Object.create(null),
      // matplotlib, when installed, renders without a display (figures become image/png results).
      env: { HOME, MPLBACKEND: 'Agg' },
      stdout: () => undefined,
      stderr: () => undefined,
    }),
  );
  for (const wheel of image.wheels) py.unpackArchive(wheel, 'wheel');
  // Restored and unpacked: the bytes are garbage now (tens of MB per interpreter).
  image.snapshot = undefined;
  image.wheels = [];
  if (py._api?.config) py._api.config._loadSnapshot = undefined;
  /** @type {any} */ (globalThis).gc?.();
  py.setStdout({ write: (/** @type {Uint8Array} */ buffer) => stdout.write(buffer) });
  py.setStderr({ write: (/** @type {Uint8Array} */ buffer) => stderr.write(buffer) });
  py.setInterruptBuffer(interrupt);
  const runtime = py.pyimport('_guildkit_runtime');
  runtime.set_display_hook((/** @type {string} */ item) => {
    const target = streamer.target;
    if (!target) return;
    streamer.flush(); // output printed before the result is shown before it
    post({ op: 'display', ...target, result: JSON.parse(item) });
  });
  runtime.set_flush_hook(() => streamer.flush());
  runtime.set_deadline_hooks(
    () => Atomics.load(interruptReason, 0) === REASON_TIMEOUT,
    (/** @type {boolean} */ running) => Atomics.store(userCode, 0, running ? 1 : 0),
  );
  /** @type {RuntimePolicy} */
  const runtimePolicy = { ...options.policy, privateRoots: PRIVATE_ROOTS };
  const policyJson = JSON.stringify(runtimePolicy);
  const interpreter = runtime.create(policyJson);
  const run = interpreter.run;
  if (options.warmUp) runtime.warm_up(policyJson);
  runtime.destroy();
  py.runPython(
    "import sys\nfor m in ('js', 'pyodide_js', 'pyodide_js._api', '_pyodide_core'): sys.modules.pop(m, None)\n" +
      // The stdlib and packages are read-only from here on: no __pycache__ to write.
      'sys.dont_write_bytecode = True',
  );
  py.unregisterJsModule('js');
  py.unregisterJsModule('pyodide_js');
  harden(py);
  guardFilesystem(py.FS, { writableRoots: PRIVATE_ROOTS, maxBytes: maxFilesBytes });

  /** Whether Pyodide still runs Python (after a fatal error, every call throws). */
  const usable = () => {
    try {
      py.runPython('None');
      return true;
    } catch {
      return false;
    }
  };

  /** @param {ExecCall} message */
  return function execute(message) {
    const { id, slot, maxOutputBytes, maxResultBytes, maxResults } = message;
    streamer.begin(message.stream ? { id, slot } : null);
    stdout.reset(maxOutputBytes);
    stderr.reset(maxOutputBytes);
    const started = performance.now();
    /** @type {ResultMessage['outcome']} */
    let outcome = 'ran';
    /** @type {Uint8Array[]} */
    let fileData = [];
    let runtimeBytes = 0;
    let { files, runtime: result } = requestFiles(py.FS, message, {
      maxResultBytes,
      maxFilesBytes,
    });
    let codeRan = false;
    if (result === undefined) {
      try {
        const { globals, returnGlobals, stdin } = message;
        const call = {
          globals,
          returnGlobals,
          maxResultBytes,
          maxResults,
          stdin,
          stream: message.stream,
        };
        const text = run(message.code, JSON.stringify(call));
        runtimeBytes = Buffer.byteLength(text);
        result = JSON.parse(text);
        codeRan = true;
      } catch {
        // The runtime catches what Python raises. What still gets out is an interrupt (a cancel
        // or deadline that overtook the call) landing as Python enters or leaves the runtime,
        // which leaves the interpreter usable: the call was interrupted. Anything else is Pyodide
        // itself failing: the interpreter is unusable, and its thread ends after replying.
        Atomics.store(interrupt, 0, 0);
        if (Atomics.load(interruptReason, 0) !== REASON_NONE && usable()) {
          result = { ...failed('KeyboardInterrupt', ''), interrupted: true };
        } else {
          outcome = 'crashed';
        }
      }
    }
    // Also after the code raised or was interrupted (as upstream's executors return them): files
    // written before the failure are often what explains it. The code's own exception stays the
    // reported one; a limit the files break is reported only when the code succeeded.
    if (result && codeRan && message.outputFiles.length > 0) {
      const raised = result.exception;
      try {
        const out = outputFiles(py.FS, message.outputFiles, {
          maxBytes: maxResultBytes,
          usedBytes: runtimeBytes,
        });
        if (!('error' in out)) [files, fileData] = [out.files, out.data];
        else if (!raised) result = out.error;
      } catch (error) {
        if (!raised) result = failed('PermissionError', error);
      }
    }
    Atomics.store(interrupt, 0, 0);
    stdout.end();
    stderr.end();
    streamer.flush();
    const why = Atomics.load(interruptReason, 0);
    /** @type {ResultMessage} */
    const reply = {
      op: 'result',
      id,
      slot,
      outcome,
      stdout: stdout.text(),
      stderr: stderr.text(),
      outputLimited: why === REASON_OUTPUT,
      timedOut: why === REASON_TIMEOUT,
      cancelled: why === REASON_CANCEL,
      durationMs: performance.now() - started,
      files,
      ...(result === undefined ? {} : { runtime: result }),
    };
    streamer.begin(null);
    return { reply, fileData };
  };
}
