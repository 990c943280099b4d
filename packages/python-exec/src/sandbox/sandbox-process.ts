import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type Socket } from 'node:net';
import { type Readable, type Writable } from 'node:stream';
import { PythonExecError } from '../errors/python-exec-error';
import { CallsInFlight, endedResult, type ExecReply } from './calls-in-flight';
import { encodeFrame, FrameDecoder } from './frame-codec';
import { SANDBOX_ENV } from './launch-command';
import {
  type BootMessage,
  type DisplayMessage,
  type ExecMessage,
  type OutputMessage,
  parseSandboxMessage,
  ProtocolViolation,
} from './protocol';
import { CONTROL_FD, type SandboxHostOptions, sandboxHostLaunch } from './sandbox-host-launch';

/** Extra time the guild waits beyond timeout + grace before it kills the whole sandbox process. */
const WATCHDOG_MS = 5000;
/** What the guild keeps of a sandbox's stderr, for GUILDKIT_SANDBOX_DEBUG only. */
const STDERR_TAIL = 4096;

export interface SandboxProcessOptions extends SandboxHostOptions {
  /** The largest frame accepted from this sandbox; a larger one ends it. */
  maxFrameBytes: number;
}

export interface ExecOptions {
  /** Bytes of the request's `files`, in order. */
  fileData?: Buffer[];
  /** Output and rich results of a streaming call, as they come. */
  onEvent?: (event: OutputMessage | DisplayMessage) => void;
  /** Cancels the call (already-aborted signals are the caller's business). */
  signal?: AbortSignal;
}

/**
 * A sandbox process (runtime/sandbox-host.mjs) hosting one interpreter on its main thread, or
 * (shared isolation) several, one worker thread each. It is assumed to run arbitrary JavaScript:
 * every frame it sends is checked against the protocol, a reply must name a call in flight on its
 * slot, and anything else ends this process only (its calls get a result saying so). Nothing the
 * sandbox writes ever appears in the guild's error texts. Idle, it never keeps the guild process
 * alive.
 */
export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly stdin: Writable;
  /** The control pipe: cancels, read by whichever sandbox thread is free while a call runs. */
  private readonly control: Writable;
  private readonly pipes: Socket[];
  private readonly decoder: FrameDecoder;
  private readonly inFlight = new CallsInFlight((why) => this.unavailable(why));
  private nextSlot = 0;
  private stderrTail = '';
  private ended: string | undefined;

  constructor(options: SandboxProcessOptions) {
    const launch = sandboxHostLaunch(options);
    this.decoder = new FrameDecoder({ maxFrameBytes: options.maxFrameBytes, attachments: true });
    const stdio = Array.from({ length: CONTROL_FD + 1 }, () => 'pipe' as const);
    this.child = spawn(launch.command, launch.argv, { env: { ...SANDBOX_ENV }, stdio });
    const [stdin, stdout, stderr, control] = this.child.stdio as unknown as [
      Writable,
      Readable,
      Readable,
      Writable,
    ];
    this.stdin = stdin;
    this.control = control;
    this.pipes = [stdin, stdout, stderr, control] as unknown as Socket[];
    stdout.on('data', (chunk: Buffer) => {
      this.onData(chunk);
    });
    stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL);
    });
    stdin.on('error', () => undefined);
    control.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      this.end(`it exited (${signal ?? `code ${String(code)}`})`);
    });
    this.child.on('error', (error) => {
      this.end(`it could not be started (${error.message})`);
    });
    this.updateRef();
  }

  get alive(): boolean {
    return this.ended === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Why the process ended, in the guild's words (never the sandbox's). */
  get endReason(): string | undefined {
    return this.ended;
  }

  /** Boots an interpreter from `snapshot` (its own copy) and returns its slot. */
  boot(
    message: Omit<BootMessage, 'op' | 'slot'>,
    attachments: { snapshot: Buffer; wheels: Buffer[] },
  ): Promise<number> {
    const slot = ++this.nextSlot;
    return new Promise<number>((resolve, reject) => {
      if (!this.alive) {
        reject(this.unavailable());
        return;
      }
      this.inFlight.addBoot(slot, { resolve, reject });
      this.write({ op: 'boot', slot, ...message }, [attachments.snapshot, ...attachments.wheels]);
    });
  }

  /** Runs a call; always resolves, with an ended result when the sandbox dies or misbehaves. */
  exec(message: Omit<ExecMessage, 'op' | 'id'>, options: ExecOptions = {}): Promise<ExecReply> {
    const id = randomUUID();
    return new Promise<ExecReply>((resolve) => {
      if (!this.alive) {
        resolve({ message: endedResult(id, message.slot), fileData: [] });
        return;
      }
      const watchdog = setTimeout(
        () => {
          this.kill('it did not answer within timeout + grace');
        },
        message.timeoutMs + message.graceMs + WATCHDOG_MS,
      );
      // Aborting stops the call as its deadline would: interrupt, then kill after the grace.
      const cancel = () => {
        if (this.alive && this.inFlight.hasExec(id)) {
          this.control.write(Buffer.concat(encodeFrame({ op: 'cancel', id, slot: message.slot })));
        }
      };
      options.signal?.addEventListener('abort', cancel, { once: true });
      this.inFlight.addExec(id, {
        slot: message.slot,
        outputBudget: 2 * message.maxOutputBytes + 1024,
        resultBudget: message.maxResults,
        onEvent: options.onEvent,
        done: (reply) => {
          clearTimeout(watchdog);
          options.signal?.removeEventListener('abort', cancel);
          resolve(reply);
        },
      });
      this.write({ op: 'exec', id, ...message }, options.fileData ?? []);
    });
  }

  closeSlot(slot: number): void {
    if (this.alive) this.write({ op: 'close', slot });
  }

  /** Ends the process at once (SIGKILL); calls in flight resolve as crashed. */
  kill(reason = 'it was stopped'): void {
    if (!this.alive) return;
    this.end(reason);
    this.child.kill('SIGKILL');
  }

  private write(message: object, attachments: Buffer[] = []): void {
    // Header and JSON in one write (one syscall, one read on the other side); large attachments
    // (snapshots, files) follow as they are, without a copy.
    const [header, json, ...rest] = encodeFrame(message, attachments);
    this.stdin.write(Buffer.concat([header ?? Buffer.alloc(0), json ?? Buffer.alloc(0)]));
    for (const part of rest) this.stdin.write(part);
    this.updateRef();
  }

  private onData(chunk: Buffer): void {
    if (!this.alive) return;
    try {
      for (const frame of this.decoder.push(chunk)) {
        const sizes = frame.attachments.map((a) => a.length);
        this.inFlight.dispatch(parseSandboxMessage(frame.message, sizes), frame.attachments);
      }
    } catch (error) {
      const why = error instanceof ProtocolViolation ? error.message : 'a malformed message';
      this.kill(`it broke the sandbox protocol (${why})`);
    }
    this.updateRef();
  }

  private end(reason: string): void {
    if (!this.alive) return;
    this.ended = reason;
    if (process.env['GUILDKIT_SANDBOX_DEBUG'] && this.stderrTail) {
      process.stderr.write(`[guildkit sandbox ${String(this.pid)}] ${this.stderrTail}\n`);
    }
    this.inFlight.endAll();
    this.updateRef();
  }

  private unavailable(why = `the sandbox process ended: ${this.ended ?? ''}`): PythonExecError {
    return new PythonExecError('SANDBOX_UNAVAILABLE', `Python sandbox unavailable: ${why}`, {
      details: { pid: this.child.pid ?? null },
    });
  }

  private updateRef(): void {
    const busy = this.alive && !this.inFlight.empty;
    for (const handle of [this.child, ...this.pipes]) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }
}
