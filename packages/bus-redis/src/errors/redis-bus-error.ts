import { GuildkitError, type GuildkitErrorOptions } from '@guildkit/core';

/** Every error code `@guildkit/bus-redis` raises (besides core's `BUS_CLOSED`, `STATE_*`). */
export type RedisBusErrorCode =
  /** A constructor option or `backend_config` field is missing or of the wrong type. */
  | 'REDIS_CONFIG_INVALID'
  /** The `redis-server` binary is not installed (test harness). */
  | 'REDIS_SERVER_MISSING'
  /** `redis-server` did not start or answer in time (test harness). */
  | 'REDIS_SERVER_FAILED'
  /** Redis did not answer within the connect timeout when the bus first connected. */
  | 'REDIS_UNREACHABLE';

/**
 * The error base of `@guildkit/bus-redis`, a `GuildkitError`: a stable `code`, JSON-safe
 * `details` (e.g. the bad `field`) and a message that says how to fix it.
 *
 * @example
 * try { new RedisMessageBus({ redis_client: { host: 'h', port: 'x' } }); } catch (e) {
 *   if (RedisBusError.is(e, 'REDIS_CONFIG_INVALID')) console.error(e.details['field']);
 * }
 */
export class RedisBusError extends GuildkitError<RedisBusErrorCode> {
  constructor(code: RedisBusErrorCode, message: string, options: GuildkitErrorOptions = {}) {
    super(code, message, options);
    this.name = 'RedisBusError';
  }
}
