import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', '..', 'bin', 'guildkit.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real `guildkit` command (from source) as a child process. */
export function spawnCli(args: string[], options: { cwd?: string } = {}): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, GUILDKIT_FROM_SOURCE: '1' };
  delete env['FORCE_COLOR'];
  return spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdio: 'pipe',
  });
}

/** Collects a child's output until it exits. */
export function completion(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `guildkit` with `args` (and optional stdin) and resolves with its exit code and output. */
export function runCli(
  args: string[],
  options: { cwd?: string; stdin?: string } = {},
): Promise<CliResult> {
  const child = spawnCli(args, options);
  const done = completion(child);
  child.stdin?.end(options.stdin ?? '');
  return done;
}

/** Resolves once the child's stderr (or `stream`) contains `text`. */
export function waitForStderr(
  child: ChildProcess,
  text: string,
  stream: 'stdout' | 'stderr' = 'stderr',
): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child[stream]?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });
}
