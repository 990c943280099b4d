// @ts-check
// The sandbox's side of the framing (src/sandbox/frame-codec.ts is the guild's side and documents
// the format): `u32 bodyLength | u32 jsonLength | JSON | attachments`, big-endian.

const HEADER_BYTES = 8;

/**
 * One frame's bytes.
 * @param {object} message
 * @param {Uint8Array[]} [attachments]
 */
export function encodeFrame(message, attachments = []) {
  const body =
    attachments.length > 0
      ? { ...message, attachments: attachments.map((a) => a.length) }
      : message;
  const json = Buffer.from(JSON.stringify(body));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(json.length + attachments.reduce((sum, a) => sum + a.length, 0), 0);
  header.writeUInt32BE(json.length, 4);
  return Buffer.concat([header, json, ...attachments]);
}

/**
 * Writes one frame. Only the snapshot builder sends attachments: the guild refuses them from a
 * sandbox.
 * @param {NodeJS.WritableStream} stream
 * @param {object} message
 * @param {{ attachments?: Uint8Array[], done?: () => void }} [options]
 */
export function writeFrame(stream, message, { attachments = [], done } = {}) {
  stream.write(encodeFrame(message, attachments), done);
}

/**
 * Reads frames from the guild (trusted) and calls `onFrame(message, attachments)` for each.
 * @param {NodeJS.ReadableStream} stream
 * @param {(message: any, attachments: Uint8Array[]) => void} onFrame
 */
export function readFrames(stream, onFrame) {
  /** @type {Buffer[]} */
  let chunks = [];
  let buffered = 0;
  stream.on('data', (/** @type {Buffer} */ chunk) => {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= HEADER_BYTES) {
      let first = chunks[0] ?? Buffer.alloc(0);
      if (first.length < HEADER_BYTES) chunks = [(first = Buffer.concat(chunks))];
      const body = first.readUInt32BE(0);
      // Concatenate once the whole frame is here, not on every chunk of a large one.
      if (buffered < HEADER_BYTES + body) return;
      const head = chunks.length === 1 ? first : Buffer.concat(chunks);
      const jsonLength = head.readUInt32BE(4);
      const message = JSON.parse(head.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonLength));
      /** @type {Uint8Array[]} */
      const attachments = [];
      let offset = HEADER_BYTES + jsonLength;
      for (const length of message.attachments ?? []) {
        // A copy: each attachment becomes memory private to the interpreter it is sent to.
        attachments.push(new Uint8Array(head.subarray(offset, offset + length)));
        offset += length;
      }
      const rest = head.subarray(HEADER_BYTES + body);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      onFrame(message, attachments);
    }
  });
}
