import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const packageDir = join(__dirname, '..', '..');

/**
 * Runs `src/__tests__/scripts/<name>.ts` in a real `node` process (TypeScript through tsx, the
 * package from source), so a test can prove the process itself survives. Kills it after
 * `timeoutMs`.
 */
export function runScript(name: string, timeoutMs = 20_000): Promise<ScriptResult> {
  const loader = pathToFileURL(require.resolve('tsx', { paths: [packageDir] })).href;
  const script = join(__dirname, 'scripts', `${name}.ts`);
  const child = spawn(
    process.execPath,
    ['--conditions=@guildkit/source', '--import', loader, script],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
