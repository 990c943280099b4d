import { type PythonExecError } from '../errors/python-exec-error';
import {
  type DisplayMessage,
  type OutputMessage,
  ProtocolViolation,
  type ResultMessage,
  type SandboxMessage,
} from './protocol';

/** A call's answer: the result message and the bytes of its files, in `message.files` order. */
export interface ExecReply {
  message: ResultMessage;
  fileData: Buffer[];
}

export interface PendingBoot {
  resolve: (slot: number) => void;
  reject: (error: Error) => void;
}

export interface PendingExec {
  slot: number;
  /** Output characters a streaming call may still send; beyond it the sandbox is lying. */
  outputBudget: number;
  /** Rich results a streaming call may still send (each frame's size is the decoder's bound). */
  resultBudget: number;
  onEvent: ((event: OutputMessage | DisplayMessage) => void) | undefined;
  done: (reply: ExecReply) => void;
}

/**
 * The boots and calls one sandbox process has in flight. Every message the sandbox sends must
 * answer one of them, on its slot and within the call's budgets; anything else is a
 * `ProtocolViolation`, and the process that sent it is ended.
 */
export class CallsInFlight {
  private readonly execs = new Map<string, PendingExec>();
  private readonly boots = new Map<number, PendingBoot>();

  /** `unavailable(why)` is the error a failed or abandoned boot rejects with. */
  constructor(private readonly unavailable: (why?: string) => PythonExecError) {}

  get empty(): boolean {
    return this.execs.size === 0 && this.boots.size === 0;
  }

  addBoot(slot: number, boot: PendingBoot): void {
    this.boots.set(slot, boot);
  }

  addExec(id: string, exec: PendingExec): void {
    this.execs.set(id, exec);
  }

  hasExec(id: string): boolean {
    return this.execs.has(id);
  }

  /** Hands a checked message to the boot or call it answers. */
  dispatch(message: SandboxMessage, attachments: Buffer[]): void {
    if (message.op === 'result' || message.op === 'output' || message.op === 'display') {
      const pending = this.execs.get(message.id);
      if (pending?.slot !== message.slot) {
        throw new ProtocolViolation('a message for no call in flight on that interpreter');
      }
      if (message.op === 'result') {
        this.execs.delete(message.id);
        pending.done({ message, fileData: attachments });
        return;
      }
      if (message.op === 'output') pending.outputBudget -= message.text.length;
      else pending.resultBudget -= 1;
      if (pending.onEvent === undefined || pending.outputBudget < 0 || pending.resultBudget < 0) {
        throw new ProtocolViolation(
          'events the call did not ask for, or more output or results than allowed',
        );
      }
      pending.onEvent(message);
      return;
    }
    const boot = this.boots.get(message.slot);
    if (!boot) throw new ProtocolViolation('a boot reply for no interpreter being booted');
    this.boots.delete(message.slot);
    if (message.op === 'booted') boot.resolve(message.slot);
    else boot.reject(this.unavailable('an interpreter failed to start'));
  }

  /** The process ended: every call resolves as crashed, every boot rejects. */
  endAll(): void {
    for (const [id, pending] of this.execs) {
      pending.done({ message: endedResult(id, pending.slot), fileData: [] });
    }
    this.execs.clear();
    for (const boot of this.boots.values()) boot.reject(this.unavailable());
    this.boots.clear();
  }
}

/** The result of a call whose sandbox ended before it answered. */
export function endedResult(id: string, slot: number): ResultMessage {
  return {
    op: 'result',
    id,
    slot,
    outcome: 'crashed',
    stdout: '',
    stderr: '',
    outputLimited: false,
    timedOut: false,
    cancelled: false,
    durationMs: 0,
    files: [],
  };
}
