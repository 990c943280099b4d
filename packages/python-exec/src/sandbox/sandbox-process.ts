import { type ChildProcess, spawn } from 'node:child_process';
import { type Socket } from 'node:net';
import { join } from 'node:path';
import { PythonExecError } from '../errors/python-exec-error';
import { launchCommand } from './launch-command';
import { runtimePaths } from './runtime-paths';
import {
  type ExecMessage,
  type ExecReply,
  type InterpreterImage,
  type SandboxEvent,
} from './sandbox-protocol';

const STDERR_TAIL = 4096;
/** Extra time the guild waits beyond timeout + grace before it kills the whole sandbox process. */
const WATCHDOG_MS = 5000;

interface PendingSpawn {
  resolve: (slot: number) => void;
  reject: (error: Error) => void;
}

/**
 * A locked-down child process hosting interpreters (one worker thread each). Its IPC channel is
 * unreferenced while idle, so an idle sandbox never keeps the guild process alive.
 */
export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly execs = new Map<number, (reply: ExecReply) => void>();
  private readonly spawns = new Map<number, PendingSpawn>();
  private nextId = 0;
  private stderrTail = '';
  private exited = false;
  private exitSignal = '';

  constructor(readPaths: string[]) {
    const paths = runtimePaths();
    const launch = launchCommand({
      script: join(paths.runtimeDir, 'sandbox-host.mjs'),
      readPaths: [`${paths.pyodideDir}/`, `${paths.runtimeDir}/`, ...readPaths],
    });
    this.child = spawn(launch.command, launch.args, {
      // Nothing from the host; one malloc arena keeps the RSS of many worker threads down.
      env: { MALLOC_ARENA_MAX: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL);
    });
    this.child.on('message', (message: SandboxEvent) => {
      this.onMessage(message);
    });
    this.child.on('exit', (code, signal) => {
      this.onExit(signal ?? `code ${String(code)}`);
    });
    this.child.on('error', (error) => {
      this.onExit(error.message);
    });
    this.updateRef();
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Boots an interpreter; `warmUp` runs typical code once so its first real call is fast. */
  spawnSlot(image: InterpreterImage, options: { warmUp: boolean }): Promise<number> {
    const slot = ++this.nextId;
    return new Promise<number>((resolve, reject) => {
      if (this.exited) {
        reject(this.unavailable('the sandbox process has exited'));
        return;
      }
      this.spawns.set(slot, { resolve, reject });
      this.updateRef();
      this.child.send({ op: 'spawn', slot, image, warmUp: options.warmUp });
    });
  }

  exec(message: Omit<ExecMessage, 'op' | 'id'>): Promise<ExecReply> {
    const id = ++this.nextId;
    return new Promise<ExecReply>((resolve) => {
      if (this.exited) {
        resolve({ op: 'result', id, slot: message.slot, crashed: this.exitReason() });
        return;
      }
      const watchdog = setTimeout(
        () => {
          this.kill();
        },
        message.timeoutMs + message.graceMs + WATCHDOG_MS,
      );
      this.execs.set(id, (reply) => {
        clearTimeout(watchdog);
        resolve(reply);
      });
      this.updateRef();
      this.child.send({ op: 'exec', id, ...message });
    });
  }

  closeSlot(slot: number): void {
    if (!this.exited) this.child.send({ op: 'close', slot });
  }

  /** Ends the process at once (SIGKILL); in-flight calls resolve as crashed. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private onMessage(message: SandboxEvent): void {
    if (message.op === 'result') {
      const done = this.execs.get(message.id);
      this.execs.delete(message.id);
      done?.(message);
    } else {
      const pending = this.spawns.get(message.slot);
      this.spawns.delete(message.slot);
      if (message.op === 'spawned') pending?.resolve(message.slot);
      else pending?.reject(this.unavailable(`an interpreter failed to start: ${message.error}`));
    }
    this.updateRef();
  }

  private onExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.exitSignal = reason;
    for (const [id, done] of this.execs)
      done({ op: 'result', id, slot: 0, crashed: this.exitReason() });
    this.execs.clear();
    for (const pending of this.spawns.values()) pending.reject(this.unavailable(this.exitReason()));
    this.spawns.clear();
    this.updateRef();
  }

  private exitReason(): string {
    const tail = this.stderrTail.trim();
    return `the sandbox process exited (${this.exitSignal})${tail ? `: ${tail.slice(-500)}` : ''}`;
  }

  private unavailable(why: string): PythonExecError {
    return new PythonExecError('SANDBOX_UNAVAILABLE', `Python sandbox unavailable: ${why}`, {
      details: { pid: this.child.pid ?? null },
    });
  }

  private updateRef(): void {
    const busy = !this.exited && (this.execs.size > 0 || this.spawns.size > 0);
    const channel = this.child.channel as { ref(): void; unref(): void } | null | undefined;
    if (busy) {
      this.child.ref();
      channel?.ref();
    } else {
      this.child.unref();
      channel?.unref();
    }
    const stderr = this.child.stderr as Socket | null;
    if (busy) stderr?.ref();
    else stderr?.unref();
  }
}
