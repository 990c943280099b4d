import { type JsonValue } from '@guildkit/core';

/** Messages between the guild process and a sandbox process (see runtime/sandbox-host.mjs). */

/** Everything a sandbox needs to boot one interpreter. */
export interface InterpreterImage {
  pyodideUrl: string;
  indexURL: string;
  snapshotPath: string;
  memoryLimitBytes: number;
  policyJson: string;
  wheels: string[];
}

export interface ExecMessage {
  op: 'exec';
  id: number;
  slot: number;
  code: string;
  globalsJson: string;
  namesJson: string;
  timeoutMs: number;
  graceMs: number;
  maxOutputBytes: number;
}

/** The sandbox's answer to an exec: from the worker, or made up by the sandbox when it had to act. */
export interface ExecReply {
  op: 'result';
  id: number;
  slot: number;
  /** The Python runtime's JSON result; absent when the interpreter was killed or crashed. */
  raw?: string | null;
  stdout?: string;
  stderr?: string;
  outputLimited?: boolean;
  timedOut?: boolean;
  killed?: boolean;
  crashed?: string;
  durationMs?: number;
}

export type SandboxEvent =
  ExecReply | { op: 'spawned'; slot: number } | { op: 'spawn-failed'; slot: number; error: string };

/** The Python runtime's own result (runtime/guildkit_runtime.py `Interpreter.run`). */
export interface RuntimeResult {
  exception: { type: string; message: string; traceback: string } | null;
  globals: Record<string, JsonValue>;
  reprGlobals: string[];
  interrupted: boolean;
  display?: string;
}
