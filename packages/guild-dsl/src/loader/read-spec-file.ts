import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type SpecProblemCode } from '../validation/spec-problem';
import { type LoadBudget } from './load-budget';

/** A file's text, or why it was not read. */
export type SpecFileRead =
  { ok: true; text: string } | { ok: false; code: SpecProblemCode; message: string };

// Opening a FIFO read-only blocks until a writer appears; non-blocking makes `open` return at
// once so `fstat` can refuse it. (Undefined on Windows, where there is no such FIFO.)
const openFlags = constants.O_RDONLY | ((constants as Partial<typeof constants>).O_NONBLOCK ?? 0);

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openError(error: unknown): SpecFileRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { ok: false, code: 'FILE_NOT_FOUND', message: 'file not found' };
  }
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(code);
  return { ok: false, code: 'NOT_A_FILE', message: `cannot read the file (${reason})` };
}

function readAll(fd: number, allowance: number): Buffer | undefined {
  // One byte over the allowance tells a file that grew since fstat from one that fits.
  const buffer = Buffer.alloc(allowance + 1);
  let length = 0;
  for (;;) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
    if (length > allowance) return undefined;
  }
  return buffer.subarray(0, length);
}

/**
 * Reads a spec file as UTF-8 when it is a regular file within the budget's size caps. Never
 * blocks on a FIFO and never reads a device: those, directories and oversized files are refused
 * with a sentence saying why.
 *
 * @example
 * const read = readSpecFile('guild.yaml', new LoadBudget());
 * if (!read.ok) console.error(read.message);
 */
export function readSpecFile(path: string, budget: LoadBudget): SpecFileRead {
  let fd: number;
  try {
    fd = openSync(path, openFlags);
  } catch (error) {
    return openError(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return { ok: false, code: 'NOT_A_FILE', message: `${kindOf(stats)}, not a regular file` };
    }
    const tooBig = budget.refuseFileSize(stats.size);
    if (tooBig !== undefined) return { ok: false, code: 'LIMIT_EXCEEDED', message: tooBig };
    const bytes = readAll(fd, budget.fileAllowance());
    if (bytes === undefined) {
      return {
        ok: false,
        code: 'LIMIT_EXCEEDED',
        message: 'the file grew past the size limit while being read',
      };
    }
    budget.takeBytes(bytes.length);
    return { ok: true, text: bytes.toString('utf8') };
  } catch (error) {
    return openError(error);
  } finally {
    closeSync(fd);
  }
}
