import { type InterpreterImage } from './sandbox-protocol';
import { SandboxProcess } from './sandbox-process';

/** An interpreter inside a sandbox process. */
export interface InterpreterSlot {
  readonly process: SandboxProcess;
  readonly id: number;
}

export interface InterpreterPoolOptions {
  /** Prepares the image (builds or finds its snapshot); called once. */
  image: () => Promise<InterpreterImage>;
  /** How many booted interpreters to keep ready for new agents. */
  warm: number;
}

/**
 * Interpreters for one configuration, booted from its snapshot in one sandbox process, with
 * `warm` of them kept ready so a new agent gets one at once. A dead sandbox process is
 * replaced on the next request.
 */
export class InterpreterPool {
  private image: Promise<InterpreterImage> | undefined;
  private process: SandboxProcess | undefined;
  private ready: InterpreterSlot[] = [];
  private filling: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: InterpreterPoolOptions) {}

  /** Builds the image and boots the warm interpreters; rejects when the image cannot be built. */
  async prewarm(): Promise<void> {
    await this.loadImage();
    await this.fill();
  }

  async acquire(): Promise<InterpreterSlot> {
    const live = this.ready.filter((slot) => slot.process.alive);
    const slot = live.shift() ?? (await this.boot({ warmUp: false }));
    this.ready = live;
    void this.fill().catch(() => undefined);
    return slot;
  }

  release(slot: InterpreterSlot): void {
    if (slot.process.alive) slot.process.closeSlot(slot.id);
  }

  close(): void {
    this.closed = true;
    this.ready = [];
    this.process?.kill();
  }

  /** The image, prepared once; a failed preparation is retried on the next request. */
  private loadImage(): Promise<InterpreterImage> {
    this.image ??= this.options.image().catch((error: unknown) => {
      this.image = undefined;
      throw error;
    });
    return this.image;
  }

  /** Pre-booted interpreters warm up (off the request path); on-demand ones skip it. */
  private async boot(options: { warmUp: boolean }): Promise<InterpreterSlot> {
    const image = await this.loadImage();
    if (!this.process?.alive) {
      this.process = new SandboxProcess([image.snapshotPath, ...image.wheels]);
    }
    const process = this.process;
    const id = await process.spawnSlot(image, options);
    if (this.closed) process.kill();
    return { process, id };
  }

  private fill(): Promise<void> {
    this.filling ??= (async () => {
      try {
        while (
          !this.closed &&
          this.ready.filter((s) => s.process.alive).length < this.options.warm
        ) {
          this.ready.push(await this.boot({ warmUp: true }));
        }
      } finally {
        this.filling = undefined;
      }
    })();
    return this.filling;
  }
}
