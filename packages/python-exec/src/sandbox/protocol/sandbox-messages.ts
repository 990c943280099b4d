import { type JsonValue } from '@guildkit/core';

// What a sandbox sends the guild. None of it is trusted: `parseSandboxMessage` checks every frame
// against these types before the guild reads it.

/** One rich result, like a Jupyter display message: a MIME bundle. */
export interface RichResult {
  /** True for the value of the code's last expression. */
  isMainResult: boolean;
  /** `text/plain` always; `text/html`, `image/png` (base64) ... when the object provides them. */
  data: Record<string, JsonValue>;
}

/** The Python runtime's own result (runtime/guildkit_runtime.py `Interpreter.run`). */
export interface RuntimeResult {
  exception: { type: string; message: string; traceback: string } | null;
  globals: Record<string, JsonValue>;
  reprGlobals: string[];
  interrupted: boolean;
  display?: string;
  /** Rich results not streamed as events. */
  results: RichResult[];
}

/** A file the call returns; its bytes are the result frame's attachment at the same index. */
export interface FileEntry {
  path: string;
  size: number;
}

/** How a call ended from the sandbox's point of view. */
export type ExecOutcome = 'ran' | 'killed' | 'crashed';

export interface ResultMessage {
  op: 'result';
  id: string;
  slot: number;
  outcome: ExecOutcome;
  /** Present when `outcome` is `ran`. */
  runtime?: RuntimeResult;
  stdout: string;
  stderr: string;
  outputLimited: boolean;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** Output files, or a listing (`fileOp` list: sizes only, no bytes). */
  files: FileEntry[];
}

/** Output written while the call runs (streaming calls only). */
export interface OutputMessage {
  op: 'output';
  id: string;
  slot: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** A rich result shown while the call runs (streaming calls only). */
export interface DisplayMessage {
  op: 'display';
  id: string;
  slot: number;
  result: RichResult;
}

export interface BootedMessage {
  op: 'booted';
  slot: number;
}

export interface BootFailedMessage {
  op: 'boot-failed';
  slot: number;
}

export type SandboxMessage =
  ResultMessage | OutputMessage | DisplayMessage | BootedMessage | BootFailedMessage;
