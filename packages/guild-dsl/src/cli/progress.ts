import { type CliOutput } from './cli-io';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-line spinner with elapsed seconds for long waits (interpreters booting). It draws only
 * on a terminal; elsewhere it stays silent so piped output is just the bus traffic.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private text = '';
  private started = 0;
  private frame = 0;

  constructor(private readonly output: CliOutput) {}

  /** What the spinner shows now ('' when stopped). */
  get label(): string {
    return this.timer === undefined ? '' : this.text;
  }

  /** Shows `label` with a spinner until `stop` (or the next `start`). */
  start(label: string): void {
    if (this.output.isTTY !== true) return;
    this.text = label;
    this.started = Date.now();
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.draw();
    }, 100);
    this.timer.unref();
    this.draw();
  }

  /** Clears the line so other output can be written; the spinner redraws on its next tick. */
  clear(): void {
    if (this.timer !== undefined) this.output.write('\r\u001b[2K');
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.output.write('\r\u001b[2K');
  }

  /** Runs `task` while showing `label`. */
  async during<T>(label: string, task: () => Promise<T>): Promise<T> {
    this.start(label);
    try {
      return await task();
    } finally {
      this.stop();
    }
  }

  private draw(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const frame = frames[this.frame++ % frames.length] ?? '';
    this.output.write(`\r\u001b[2K${frame} ${this.text} (${seconds}s)`);
  }
}
