import { type JsonValue } from '@guildkit/core';
import { ProtocolViolation } from './protocol-violation';
import {
  type ExecOutcome,
  type FileEntry,
  type ResultMessage,
  type RichResult,
  type RuntimeResult,
  type SandboxMessage,
} from './sandbox-messages';

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
