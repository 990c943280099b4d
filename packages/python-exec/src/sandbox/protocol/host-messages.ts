import { type JsonObject } from '@guildkit/core';
import { type InterpreterPolicy } from './interpreter-policy';

// What the guild sends a sandbox. This side is trusted: the guild writes it, so nothing parses it.

/** Boots one interpreter; the frame's attachments are the snapshot, then each wheel. */
export interface BootMessage {
  op: 'boot';
  slot: number;
  memoryLimitBytes: number;
  /** What the agent's home and /tmp may hold (file bytes plus a small cost per entry). */
  maxFilesBytes: number;
  policy: InterpreterPolicy;
  /** Run typical code once so the first real call is fast (pre-started interpreters only). */
  warmUp: boolean;
}

/** A file operation run instead of code (the executor's `files` API). */
export type FileOp = { action: 'list'; path: string } | { action: 'remove'; path: string };

/** Runs a call; the frame's attachments are the bytes of `files`, in order. */
export interface ExecMessage {
  op: 'exec';
  /** Unguessable per call: a reply must name the call it answers. */
  id: string;
  slot: number;
  code: string;
  globals: JsonObject | null;
  returnGlobals: string[];
  timeoutMs: number;
  graceMs: number;
  maxOutputBytes: number;
  /**
   * The call's one result budget: the runtime result (returned globals, display value, kept rich
   * results) plus the output files; and the most each streamed rich result may be.
   */
  maxResultBytes: number;
  /** Rich results one call may show, streamed or not. */
  maxResults: number;
  /** Send output and rich results as events while the code runs. */
  stream: boolean;
  /** What `input()` and `sys.stdin` read; null for nothing (EOFError). */
  stdin: string | null;
  /** Files written under the agent's home before the code runs (paths relative to it). */
  files: string[];
  /** Paths or glob patterns (relative to home) returned after the code ran. */
  outputFiles: string[];
  fileOp: FileOp | null;
}

/**
 * Stops a call as if its deadline had passed, with `cancelled` in its result. Sent on the control
 * pipe, not stdin: the thread that reads stdin may be the one running the call.
 */
export interface CancelMessage {
  op: 'cancel';
  id: string;
  slot: number;
}

export interface CloseMessage {
  op: 'close';
  slot: number;
}

export type HostMessage = BootMessage | ExecMessage | CancelMessage | CloseMessage;
