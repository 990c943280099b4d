/** Bytes a frame from the sandbox may have beyond its output and result budgets. */
export const FRAME_OVERHEAD_BYTES = 64 * 1024;
/** Rich results one call may show (`display()`, the last value, figures), streamed or not. */
export const MAX_RESULTS_PER_CALL = 100;
/** Output is decoded and JSON-escaped on its way out: up to 6 bytes per captured byte. */
const ESCAPED_BYTES_PER_OUTPUT_BYTE = 6;

/**
 * The largest frame a sandbox may send for calls with these limits, derived from what the
 * interpreter enforces: a result frame carries both output streams (escaped) and one `maxResultBytes` budget
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
