import { GuildError } from '../errors/guild-error';

export interface ShutdownOptions {
  /**
   * How long messages already being processed may take to finish (ms); default
   * `DEFAULT_SHUTDOWN_GRACE_MS` (5 s). Then they are answered with `GUILD_SHUTTING_DOWN`
   * and the shutdown goes on without them.
   */
  graceMs?: number;
  /**
   * How long `onStop` hooks, closing dependencies (`close()`/`dispose()`) and closing the bus
   * may take together (ms); default `DEFAULT_CLOSE_TIMEOUT_MS` (2 s). A step still running
   * then is reported in the `SHUTDOWN_FAILED` error and left behind.
   */
  closeTimeoutMs?: number;
}

/** Default `graceMs` of `Guild.shutdown` and `removeAgent`. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5000;
/** Default `closeTimeoutMs` of `Guild.shutdown` and `removeAgent`. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 2000;

export type ShutdownLimits = Required<ShutdownOptions>;

/** The options with their defaults, or a `SPEC_INVALID` error for a negative or non-finite one. */
export function shutdownLimits(options: ShutdownOptions): ShutdownLimits | GuildError {
  const graceMs = options.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  for (const [name, value] of [
    ['graceMs', graceMs],
    ['closeTimeoutMs', closeTimeoutMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      return new GuildError('SPEC_INVALID', `${name} must be a number of milliseconds >= 0.`, {
        details: { option: name },
      });
    }
  }
  return { graceMs, closeTimeoutMs };
}
