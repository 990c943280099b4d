import { ProtocolViolation } from './protocol';

/**
 * The framing on the pipes between the guild and a sandbox (runtime/frames.mjs is the sandbox's
 * side): `u32 bodyLength | u32 jsonLength | JSON | attachments`, big-endian. Attachments are raw
 * bytes whose lengths the JSON lists in `attachments`, so binary data (snapshots, wheels) never
 * travels as text.
 */
const HEADER_BYTES = 8;

/** Encodes one message and its attachments as one frame. */
export function encodeFrame(message: object, attachments: readonly Uint8Array[] = []): Buffer[] {
  const json = Buffer.from(
    JSON.stringify(
      attachments.length > 0
        ? { ...message, attachments: attachments.map((a) => a.length) }
        : message,
    ),
  );
  const body = json.length + attachments.reduce((sum, a) => sum + a.length, 0);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body, 0);
  header.writeUInt32BE(json.length, 4);
  return [header, json, ...attachments.map((a) => Buffer.from(a.buffer, a.byteOffset, a.length))];
}

export interface Frame {
  message: unknown;
  attachments: Buffer[];
}

export interface FrameDecoderOptions {
  maxFrameBytes: number;
  /** Whether frames may carry attachments (only the snapshot builder's may). */
  attachments?: boolean;
}

/**
 * Decodes frames from an untrusted byte stream: a frame over `maxFrameBytes`, with attachments
 * it may not have or that do not add up, or whose JSON does not parse is a `ProtocolViolation`
 * (the size is checked before the body is buffered).
 */
function decode(frame: Buffer, jsonLength: number): Frame {
  let message: unknown;
  try {
    message = JSON.parse(frame.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonLength));
  } catch {
    throw new ProtocolViolation('a frame is not valid JSON');
  }
  const lengths = (message as { attachments?: unknown } | null)?.attachments ?? [];
  const attachments: Buffer[] = [];
  let offset = HEADER_BYTES + jsonLength;
  if (!Array.isArray(lengths)) throw new ProtocolViolation("'attachments' is not a list");
  for (const length of lengths) {
    if (!Number.isInteger(length) || length < 0 || offset + (length as number) > frame.length) {
      throw new ProtocolViolation('attachment lengths do not match the frame');
    }
    attachments.push(frame.subarray(offset, offset + (length as number)));
    offset += length as number;
  }
  if (offset !== frame.length)
    throw new ProtocolViolation('attachment lengths do not match the frame');
  return { message, attachments };
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly options: FrameDecoderOptions) {}

  /** Adds bytes and returns every complete frame. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < HEADER_BYTES) return frames;
      const head = this.peek(HEADER_BYTES);
      const body = head.readUInt32BE(0);
      const json = head.readUInt32BE(4);
      const { maxFrameBytes } = this.options;
      if (body > maxFrameBytes) {
        throw new ProtocolViolation(`a frame of ${body} bytes exceeds ${maxFrameBytes}`);
      }
      if (json > body || (json !== body && this.options.attachments !== true)) {
        throw new ProtocolViolation('a frame has attachments it may not have');
      }
      if (this.buffered < HEADER_BYTES + body) return frames;
      const all = this.take(HEADER_BYTES + body);
      frames.push(decode(all, json));
    }
  }

  private peek(bytes: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= bytes) return first;
    const head = Buffer.concat(this.chunks);
    this.chunks = [head];
    return head;
  }

  private take(bytes: number): Buffer {
    const all = Buffer.concat(this.chunks);
    const rest = all.subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, bytes);
  }
}
