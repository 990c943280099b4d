// @ts-check
// The file steps of one call in an interpreter: the request's input files and file
// operations before its code runs, its output files after, each failure as the call's exception.
/** @import { ExecMessage, FileEntry, RuntimeResult } from '../src/sandbox/protocol/index.ts' */
import { NO_SPACE } from './filesystem-guard.mjs';
import {
  globHome,
  HOME,
  HomePathError,
  listHome,
  MAX_FILES,
  removeHome,
  writeHomeFile,
} from './home-files.mjs';

/** @type {RuntimeResult} */
export const NOTHING_RAN = {
  exception: null,
  globals: {},
  reprGlobals: [],
  interrupted: false,
  results: [],
};

/**
 * @param {string} type
 * @param {unknown} error
 * @returns {RuntimeResult}
 */
export function failed(type, error) {
  const message = error instanceof Error ? error.message : String(error);
  return { ...NOTHING_RAN, exception: { type, message, traceback: '' } };
}

/**
 * A filesystem error of a request's file operation as the call's exception.
 * @param {unknown} error
 * @param {number} maxFilesBytes
 * @returns {RuntimeResult}
 */
function fileFailure(error, maxFilesBytes) {
  if (error instanceof HomePathError) return failed('PermissionError', error);
  if (/** @type {any} */ (error)?.errno === NO_SPACE) {
    return failed(
      'OSError',
      `No space left on device: the agent's files would exceed max_files_bytes (${maxFilesBytes} bytes)`,
    );
  }
  return failed('FileNotFoundError', error);
}

/**
 * The request's output files, or an exception when they are too many or do not fit in what is
 * left of the call's result budget.
 * @param {any} FS the interpreter's Emscripten FS
 * @param {string[]} patterns
 * @param {{ maxBytes: number, usedBytes: number }} budget the call's max_result_bytes, and what
 *   the runtime result already takes of it
 * @returns {{ files: FileEntry[], data: Uint8Array[] } | { error: RuntimeResult }}
 */
export function outputFiles(FS, patterns, { maxBytes, usedBytes }) {
  const paths = globHome(FS, patterns);
  if (paths.length > MAX_FILES) {
    return {
      error: failed('ResultTooLarge', `${paths.length} output files; at most ${MAX_FILES}`),
    };
  }
  const data = paths.map((path) => FS.readFile(`${HOME}/${path}`));
  const total = data.reduce((sum, bytes) => sum + bytes.length, 0);
  if (total + usedBytes > maxBytes) {
    // An empty runtime result is ~100 bytes: only a real share is worth naming.
    const others =
      usedBytes > 1024 ? ` with returned globals and results of ${usedBytes} bytes` : '';
    return {
      error: failed(
        'ResultTooLarge',
        `output files of ${total} bytes${others} exceed max_result_bytes (${maxBytes})`,
      ),
    };
  }
  return { files: paths.map((path, i) => ({ path, size: data[i]?.length ?? 0 })), data };
}

/**
 * A call's file steps before its code runs: the request's input files, then its file operation
 * (list, remove). Returns the listing, and a runtime result when the call must not run code (a
 * file operation, or a file step that failed: the request's fault, reported like a Python
 * exception; files written before it stay).
 * @param {any} FS the interpreter's Emscripten FS
 * @param {ExecMessage & { fileData: Uint8Array[] }} message
 * @param {{ maxResultBytes: number, maxFilesBytes: number }} limits
 * @returns {{ files: FileEntry[], runtime: RuntimeResult | undefined }}
 */
export function requestFiles(FS, message, { maxResultBytes, maxFilesBytes }) {
  const { fileOp } = message;
  try {
    message.files.forEach((path, i) => {
      writeHomeFile(FS, path, message.fileData[i] ?? new Uint8Array());
    });
    const files = fileOp?.action === 'list' ? listHome(FS, fileOp.path) : [];
    if (fileOp?.action === 'remove') removeHome(FS, fileOp.path);
    if (Buffer.byteLength(JSON.stringify(files)) > maxResultBytes) {
      const why = `the listing exceeds max_result_bytes (${maxResultBytes})`;
      return { files: [], runtime: failed('ResultTooLarge', why) };
    }
    return { files, runtime: fileOp ? NOTHING_RAN : undefined };
  } catch (error) {
    return { files: [], runtime: fileFailure(error, maxFilesBytes) };
  }
}
