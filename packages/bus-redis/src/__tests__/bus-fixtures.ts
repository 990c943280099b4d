import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Acknowledge,
  Agent,
  type Message,
  type ProcessContext,
  processor,
} from '@guildkit/core';
import { testMessage, waitUntil } from '@guildkit/core/testing';

let namespaces = 0;

/** A namespace no other test uses (tests share one redis-server per file). */
export function freshNamespace(): string {
  return `test-${process.pid}-${Date.now()}-${namespaces++}`;
}

/** A test message (core's `testMessage`). */
export const message = testMessage;

export interface Received {
  message: Message;
  topic: string;
  ack: Acknowledge;
}

/** A subscriber that records what it gets and, unless `holdAcks`, acknowledges at once. */
export function collector(id: string, holdAcks = false) {
  const received: Received[] = [];
  return {
    id,
    received,
    handler: (message: Message, topic: string, ack: Acknowledge) => {
      received.push({ message, topic, ack });
      if (!holdAcks) ack();
    },
  };
}

/** Core's `waitUntil`, with the longer bound and slower poll the Redis tests use. */
export function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  return waitUntil(check, { timeoutMs, intervalMs: 10 });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `scripts/<name>.ts` in a real node process (tsx, package from source). */
export function startScript(
  name: string,
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  const packageDir = join(__dirname, '..', '..');
  const loader = pathToFileURL(require.resolve('tsx', { paths: [packageDir] })).href;
  return spawn(
    process.execPath,
    ['--conditions=@guildkit/source', '--import', loader, join(__dirname, 'scripts', `${name}.ts`)],
    { cwd: packageDir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
}

/** Resolves with the first stdout line of `child` that starts with `prefix`. */
export function lineFrom(
  child: ChildProcessWithoutNullStreams,
  prefix: string,
  timeoutMs = 20_000,
) {
  return new Promise<string>((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      reject(new Error(`no "${prefix}" line within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`script exited (${code}) before "${prefix}"; stderr: ${stderr}`));
    });
  });
}

/** Answers each `echo` with `echo.reply {echoed}`: the agent of the guild-level tests. */
export class Echo extends Agent {
  @processor('echo')
  async echo(ctx: ProcessContext): Promise<void> {
    await ctx.sendDict({ echoed: ctx.payload['text'] ?? null }, { format: 'echo.reply' });
  }
}
