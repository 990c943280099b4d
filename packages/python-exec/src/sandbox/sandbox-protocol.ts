import { type JsonObject, type JsonValue } from '@guildkit/core';

/**
 * Every message between the guild and a sandbox process, defined once. The guild → sandbox side
 * is trusted; everything the sandbox sends is parsed by `parseSandboxMessage`, because the sandbox
 * process is assumed to run arbitrary JavaScript (see README "Security model"). The runtime
 * `.mjs` files refer to these types through JSDoc imports.
 */

/** The Python-level policy an interpreter applies (the second layer; the process is the wall). */
export interface InterpreterPolicy {
  restricted: boolean;
  whitelist: string[];
  defaultImports: Record<string, string>;
  forbiddenModules: string[];
}

/**
 * What the worker gives the Python runtime (`_guildkit_runtime.create`): the guild's policy,
 * plus where the agent's own files are (the only paths the policy's `open()` opens).
 */
export interface RuntimePolicy extends InterpreterPolicy {
  privateRoots: string[];
}

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

/** Stops a call as if its deadline had passed, with `cancelled` in its result. */
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

/** Bytes a frame from the sandbox may have beyond its output and result budgets. */
export const FRAME_OVERHEAD_BYTES = 64 * 1024;
/** Rich results one call may show (`display()`, the last value, figures), streamed or not. */
export const MAX_RESULTS_PER_CALL = 100;
/** Output is decoded and JSON-escaped on its way out: up to 6 bytes per captured byte. */
const ESCAPED_BYTES_PER_OUTPUT_BYTE = 6;

/**
 * The largest frame a sandbox may send for calls with these limits, derived from what the worker
 * enforces: a result frame carries both output streams (escaped) and one `maxResultBytes` budget
 * (runtime result plus output files); a display frame carries one result of at most
 * `maxResultBytes`; exception text and framing fit in FRAME_OVERHEAD_BYTES.
 *
 * @example
 * maxFrameBytes({ maxOutputBytes: 4096, maxResultBytes: 2 ** 20 }); // 1 163 264
 */
export function maxFrameBytes(limits: { maxOutputBytes: number; maxResultBytes: number }): number {
  return (
    2 * ESCAPED_BYTES_PER_OUTPUT_BYTE * limits.maxOutputBytes +
    limits.maxResultBytes +
    FRAME_OVERHEAD_BYTES
  );
}

/** What a sandbox sent that the protocol does not allow; it ends that sandbox. */
export class ProtocolViolation extends Error {}

type Fields = Record<string, unknown>;

function fail(what: string): never {
  throw new ProtocolViolation(what);
}

function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${what}: not an object`);
  return value as Fields;
}

function str(fields: Fields, key: string): string {
  const value = fields[key];
  return typeof value === 'string' ? value : fail(`'${key}' is not a string`);
}

function bool(fields: Fields, key: string): boolean {
  const value = fields[key];
  return typeof value === 'boolean' ? value : fail(`'${key}' is not a boolean`);
}

function num(fields: Fields, key: string): number {
  const value = fields[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : fail(`'${key}' is not a non-negative number`);
}

function onlyKeys(fields: Fields, allowed: readonly string[]): void {
  const extra = Object.keys(fields).find((key) => !allowed.includes(key));
  if (extra !== undefined) fail('an unexpected field');
}

function richResult(value: unknown): RichResult {
  const fields = object(value, 'result');
  onlyKeys(fields, ['isMainResult', 'data']);
  return {
    isMainResult: bool(fields, 'isMainResult'),
    data: object(fields['data'], 'data') as Record<string, JsonValue>,
  };
}

function list<T>(value: unknown, what: string, item: (v: unknown) => T): T[] {
  if (!Array.isArray(value)) fail(`'${what}' is not a list`);
  return value.map(item);
}

function fileEntry(value: unknown): FileEntry {
  const fields = object(value, 'file');
  onlyKeys(fields, ['path', 'size']);
  return { path: str(fields, 'path'), size: num(fields, 'size') };
}

function runtimeResult(value: unknown): RuntimeResult {
  const fields = object(value, 'runtime');
  onlyKeys(fields, ['exception', 'globals', 'reprGlobals', 'interrupted', 'display', 'results']);
  let exception: RuntimeResult['exception'] = null;
  if (fields['exception'] !== null) {
    const e = object(fields['exception'], 'exception');
    onlyKeys(e, ['type', 'message', 'traceback']);
    exception = {
      type: str(e, 'type'),
      message: str(e, 'message'),
      traceback: str(e, 'traceback'),
    };
  }
  const reprGlobals = fields['reprGlobals'];
  if (!Array.isArray(reprGlobals) || reprGlobals.some((n) => typeof n !== 'string')) {
    fail("'reprGlobals' is not a list of names");
  }
  const result: RuntimeResult = {
    exception,
    globals: object(fields['globals'], 'globals') as Record<string, JsonValue>,
    reprGlobals: reprGlobals as string[],
    interrupted: bool(fields, 'interrupted'),
    results: list(fields['results'], 'results', richResult),
  };
  if (fields['display'] !== undefined) result.display = str(fields, 'display');
  return result;
}

const OUTCOMES: readonly ExecOutcome[] = ['ran', 'killed', 'crashed'];

/**
 * Checks one decoded frame from a sandbox against the protocol and returns it typed, with the
 * sizes of its attachments (only a result's files may have any). Throws `ProtocolViolation` for
 * anything else: the caller ends that sandbox.
 */
export function parseSandboxMessage(value: unknown, attachments: number[] = []): SandboxMessage {
  const fields = object(value, 'message');
  const op = fields['op'];
  if (op !== 'result') {
    const { attachments: listed, ...rest } = fields;
    if (listed !== undefined || attachments.length > 0)
      fail('attachments on a message without files');
    return eventMessage(rest, op);
  }
  onlyKeys(fields, [
    'op',
    'id',
    'slot',
    'outcome',
    'runtime',
    'stdout',
    'stderr',
    'outputLimited',
    'timedOut',
    'cancelled',
    'durationMs',
    'files',
    'attachments',
  ]);
  const outcome = OUTCOMES.find((o) => o === fields['outcome']) ?? fail("bad 'outcome'");
  const message: ResultMessage = {
    op,
    id: str(fields, 'id'),
    slot: num(fields, 'slot'),
    outcome,
    stdout: str(fields, 'stdout'),
    stderr: str(fields, 'stderr'),
    outputLimited: bool(fields, 'outputLimited'),
    timedOut: bool(fields, 'timedOut'),
    cancelled: bool(fields, 'cancelled'),
    durationMs: num(fields, 'durationMs'),
    files: list(fields['files'], 'files', fileEntry),
  };
  if (outcome === 'ran') message.runtime = runtimeResult(fields['runtime']);
  else if (fields['runtime'] !== undefined) fail("'runtime' on a call that did not run");
  const withBytes = attachments.length > 0;
  if (withBytes && message.files.some((file, i) => attachments[i] !== file.size)) {
    fail('file sizes do not match their attachments');
  }
  if (withBytes && attachments.length !== message.files.length) {
    fail('a different number of files and attachments');
  }
  return message;
}

function eventMessage(fields: Fields, op: unknown): SandboxMessage {
  if (op === 'booted' || op === 'boot-failed') {
    onlyKeys(fields, ['op', 'slot']);
    return { op, slot: num(fields, 'slot') };
  }
  if (op === 'output') {
    onlyKeys(fields, ['op', 'id', 'slot', 'stream', 'text']);
    const stream = fields['stream'];
    if (stream !== 'stdout' && stream !== 'stderr') fail("bad 'stream'");
    return {
      op,
      id: str(fields, 'id'),
      slot: num(fields, 'slot'),
      stream,
      text: str(fields, 'text'),
    };
  }
  if (op === 'display') {
    onlyKeys(fields, ['op', 'id', 'slot', 'result']);
    return {
      op,
      id: str(fields, 'id'),
      slot: num(fields, 'slot'),
      result: richResult(fields['result']),
    };
  }
  return fail('unknown op');
}
