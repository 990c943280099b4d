import { type InterpreterPolicy } from './protocol';
import { SandboxProcess, type SandboxProcessOptions } from './sandbox-process';

const REFILL_DELAY_MS = 100;
/** Blank calls through a warm interpreter's whole path (frames, sandbox host, interpreter, runtime). */
const PRIMING_CALLS = 3;

/** Everything a sandbox needs to boot an interpreter of one configuration. */
export interface InterpreterImage {
  snapshot: Buffer;
  wheels: Buffer[];
  memoryLimitBytes: number;
  maxFilesBytes: number;
  policy: InterpreterPolicy;
  /** Limits of each sandbox process. */
  process: SandboxProcessOptions;
}

/** An interpreter inside a sandbox process. */
export interface InterpreterSlot {
  readonly process: SandboxProcess;
  readonly id: number;
}

export interface InterpreterPoolOptions {
  /** Prepares the image (builds or reads its snapshot); called once, retried after a failure. */
  image: () => Promise<InterpreterImage>;
  /** How many booted interpreters to keep ready for new agents. */
  warm: number;
  /**
   * `process`: one sandbox process per interpreter (an OS boundary between agents). `shared`: one
   * sandbox process hosts every interpreter of the pool (denser; no boundary between them).
   */
  isolation: 'process' | 'shared';
}

/**
 * Interpreters for one configuration, with `warm` of them booted ahead so a new agent gets one at
 * once. Every interpreter it boots is accounted for: handed out, kept warm, or ended.
 */
export class InterpreterPool {
  private image: Promise<InterpreterImage> | undefined;
  private shared: SandboxProcess | undefined;
  private ready: InterpreterSlot[] = [];
  private readonly processes = new Set<SandboxProcess>();
  private filling: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: InterpreterPoolOptions) {}

  /** Builds the image and boots the warm interpreters; rejects when the image cannot be built. */
  async prewarm(): Promise<void> {
    await this.loadImage();
    await this.fill();
  }

  async acquire(): Promise<InterpreterSlot> {
    this.ready = this.ready.filter((slot) => slot.process.alive);
    const slot = this.ready.shift() ?? (await this.boot({ warmUp: false }));
    // Refill a moment later: starting a sandbox (and writing its 30 MB boot frame) right away
    // would hold up the new agent's first call on this event loop.
    setTimeout(() => void this.fill().catch(() => undefined), REFILL_DELAY_MS).unref();
    return slot;
  }

  release(slot: InterpreterSlot): void {
    if (this.options.isolation === 'process') {
      slot.process.kill();
      this.processes.delete(slot.process);
    } else {
      slot.process.closeSlot(slot.id);
    }
  }

  /** The sandbox processes alive now (for accounting in tests and benchmarks). */
  get liveProcesses(): SandboxProcess[] {
    return [...this.processes].filter((p) => p.alive);
  }

  close(): void {
    this.closed = true;
    this.ready = [];
    for (const process of this.processes) process.kill();
    this.processes.clear();
    this.shared = undefined;
  }

  /** The image, prepared once; a failed preparation is retried on the next request. */
  private loadImage(): Promise<InterpreterImage> {
    this.image ??= this.options.image().catch((error: unknown) => {
      this.image = undefined;
      throw error;
    });
    return this.image;
  }

  private sandboxFor(image: InterpreterImage): SandboxProcess {
    if (this.options.isolation === 'shared' && this.shared?.alive) return this.shared;
    const process = new SandboxProcess(image.process);
    this.processes.add(process);
    if (this.options.isolation === 'shared') this.shared = process;
    return process;
  }

  /** Pre-booted interpreters warm up (off the request path); on-demand ones skip it. */
  private async boot(options: { warmUp: boolean }): Promise<InterpreterSlot> {
    const image = await this.loadImage();
    const process = this.sandboxFor(image);
    const id = await process.boot(
      {
        memoryLimitBytes: image.memoryLimitBytes,
        maxFilesBytes: image.maxFilesBytes,
        policy: image.policy,
        warmUp: options.warmUp,
      },
      { snapshot: image.snapshot, wheels: image.wheels },
    );
    const slot = { process, id };
    if (this.closed) this.release(slot);
    return slot;
  }

  private fill(): Promise<void> {
    // `.finally` runs after the assignment even when the loop has nothing to do: resetting
    // inside the loop would run first and leave a settled promise that blocks every later fill.
    this.filling ??= this.topUp().finally(() => {
      this.filling = undefined;
    });
    return this.filling;
  }

  private async topUp(): Promise<void> {
    while (!this.closed && this.ready.filter((s) => s.process.alive).length < this.options.warm) {
      const slot = await this.boot({ warmUp: true });
      await prime(slot);
      // boot() released it if the pool closed meanwhile.
      if (slot.process.alive) this.ready.push(slot);
    }
  }
}

/**
 * Sends blank calls through a new interpreter, so the JavaScript on its path (frame codec, sandbox
 * host, interpreter) is compiled before an agent's first call rather than during it (~5 ms). A blank
 * call leaves no trace in the interpreter: no cell number, no name.
 */
async function prime(slot: InterpreterSlot): Promise<void> {
  for (let i = 0; i < PRIMING_CALLS && slot.process.alive; i += 1) {
    await slot.process.exec({
      slot: slot.id,
      code: '',
      globals: null,
      returnGlobals: [],
      timeoutMs: 5000,
      graceMs: 1000,
      maxOutputBytes: 1024,
      maxResultBytes: 1024,
      maxResults: 1,
      stream: false,
      stdin: null,
      files: [],
      outputFiles: [],
      fileOp: null,
    });
  }
}
