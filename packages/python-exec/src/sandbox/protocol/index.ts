/**
 * Every message between the guild and a sandbox process, defined once: import from here, on both
 * sides. The guild → sandbox side is trusted; everything the sandbox sends is parsed by
 * `parseSandboxMessage`, because the sandbox process is assumed to run arbitrary JavaScript (see
 * README "Security model"). The runtime `.mjs` files refer to these types through JSDoc imports
 * of this file.
 */
export type { InterpreterPolicy, RuntimePolicy } from './interpreter-policy';
export type {
  BootMessage,
  CancelMessage,
  CloseMessage,
  ExecMessage,
  FileOp,
  HostMessage,
} from './host-messages';
export type {
  BootedMessage,
  BootFailedMessage,
  DisplayMessage,
  ExecOutcome,
  FileEntry,
  OutputMessage,
  ResultMessage,
  RichResult,
  RuntimeResult,
  SandboxMessage,
} from './sandbox-messages';
export { FRAME_OVERHEAD_BYTES, MAX_RESULTS_PER_CALL, maxFrameBytes } from './frame-limits';
export { ProtocolViolation } from './protocol-violation';
export { parseSandboxMessage } from './parse-sandbox-message';
