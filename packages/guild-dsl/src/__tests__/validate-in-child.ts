import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type GuildSpec } from '@guildkit/core';
import { type SpecProblem } from '../validation/spec-problem';
import { type ValidateOptions } from '../validation/validate-guild-document';

/** What `validateGuildSpecFile` returned in the child, and how long it took there. */
export interface ChildValidation {
  ms: number;
  valid: boolean;
  problems: SpecProblem[];
  spec?: GuildSpec;
}

const script = join(__dirname, 'validate-timed.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

/**
 * Validates a spec file in a child process, killed after `deadlineMs`: a spec that hangs the
 * loader (or crashes it) fails the test instead of hanging the test runner.
 */
export function validateInChild(
  file: string,
  options: ValidateOptions = {},
  deadlineMs = 10_000,
): Promise<ChildValidation> {
  const child = spawn(
    process.execPath,
    ['--conditions=@guildkit/source', '--import', tsx, script, file, JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`validating ${file} did not finish in ${deadlineMs} ms`));
      else if (code !== 0)
        reject(new Error(`validating ${file} crashed (exit ${code}): ${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout) as ChildValidation);
    });
  });
}
