import { type ExecReply } from '../sandbox/calls-in-flight';
import { type InterpreterSlot } from '../sandbox/interpreter-pool';

export interface RunOnSlotOptions {
  timeoutMs?: number;
  graceMs?: number;
  returnGlobals?: string[];
  signal?: AbortSignal;
}

/** Runs `code` on an interpreter slot directly (below the executor), with small test limits. */
export function runOnSlot(
  slot: InterpreterSlot,
  code: string,
  options: RunOnSlotOptions = {},
): Promise<ExecReply> {
  return slot.process.exec(
    {
      slot: slot.id,
      code,
      globals: null,
      returnGlobals: options.returnGlobals ?? [],
      timeoutMs: options.timeoutMs ?? 10_000,
      graceMs: options.graceMs ?? 1000,
      maxOutputBytes: 4096,
      maxResultBytes: 4096,
      maxResults: 100,
      stream: false,
      stdin: null,
      files: [],
      outputFiles: [],
      fileOp: null,
    },
    options.signal ? { signal: options.signal } : {},
  );
}
