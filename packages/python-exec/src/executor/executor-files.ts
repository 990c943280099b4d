import { PythonExecError } from '../errors/python-exec-error';
import { type ExecutionResult } from '../execution/execution-result';
import { type FileOp } from '../sandbox/protocol';

type Call = (request: {
  code: string;
  files?: Record<string, string | Uint8Array>;
  outputFiles?: string[];
  fileOp?: FileOp;
}) => Promise<ExecutionResult>;

/** A file or directory in the agent's home; directories end with `/`. */
export interface FileInfo {
  path: string;
  size: number;
}

/**
 * The agent's home directory, like E2B's `sandbox.files`: a private in-memory filesystem inside
 * its interpreter, kept across calls with the rest of its state. Paths are relative to home;
 * absolute paths, `..` and symbolic links out of it are refused.
 *
 * @example
 * await executor.files.write('data.csv', 'a,b\n1,2\n');
 * await executor.execute({ code: 'rows = open("data.csv").read().splitlines()' });
 * const bytes = await executor.files.read('data.csv');
 */
export class ExecutorFiles {
  constructor(private readonly call: Call) {}

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.check(await this.call({ code: '', files: { [path]: data } }), path);
  }

  /** The file's bytes; rejects with `FILE_ERROR` when it does not exist. */
  async read(path: string): Promise<Uint8Array> {
    if (/[*?]/.test(path)) throw this.error(path, 'read() takes a path, not a pattern');
    const result = this.check(await this.call({ code: '', outputFiles: [path] }), path);
    const file = result.outputFiles.find((f) => f.path === path.replace(/^(\.\/)+/, ''));
    if (file === undefined) throw this.error(path, 'no such file');
    return file.bytes;
  }

  async list(path = '.'): Promise<FileInfo[]> {
    const result = this.check(
      await this.call({ code: '', fileOp: { action: 'list', path } }),
      path,
    );
    return result.outputFiles.map(({ path: p, size }) => ({ path: p, size }));
  }

  async remove(path: string): Promise<void> {
    this.check(await this.call({ code: '', fileOp: { action: 'remove', path } }), path);
  }

  private check(result: ExecutionResult, path: string): ExecutionResult {
    if (!result.success) throw this.error(path, result.error ?? 'failed');
    return result;
  }

  private error(path: string, problem: string): PythonExecError {
    return new PythonExecError('FILE_ERROR', `files: '${path}': ${problem}`, {
      details: { path, problem },
    });
  }
}
