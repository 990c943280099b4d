import { type JsonObject, type JsonValue } from '@guildkit/core';
import { type RedisOptions } from 'ioredis';
import { invalidConfig, type RedisConnectionConfig, toRedisOptions } from './redis-connection';

/**
 * Options of `RedisMessageBus`. In a guild spec they are `properties.messaging.backend_config`
 * (upstream's `redis_client` plus, optionally, the tuning fields in camelCase or snake_case).
 */
export interface RedisMessageBusOptions {
  /** Where Redis is (upstream's field): `{ host, port, db, username, password, ssl, ... }` or a URL. */
  redis_client?: RedisConnectionConfig;
  /**
   * Shorthand for `redis_client` as a URL. Default `redis://127.0.0.1:6379`. The environment
   * variable `GUILDKIT_REDIS_URL`, when set, replaces both.
   */
  url?: string;
  /** Prefix of every key the bus writes (default `guildkit:`), so apps can share a database. */
  keyPrefix?: string;
  /** Approximate entries kept per topic stream (`XADD MAXLEN ~`, default 100 000). */
  maxLen?: number;
  /** Deliveries a subscriber holds unacknowledged in this process before reading pauses (default 64). */
  maxInFlight?: number;
  /** How long an unacknowledged delivery stays with a consumer that stopped renewing it (default 15 000 ms). */
  leaseMs?: number;
  /** How long one blocking read waits before looping (default 2 000 ms). */
  blockMs?: number;
  /** How long a published message id is remembered to drop a re-publish (default 24 h). */
  dedupeTtlMs?: number;
  /** Bound on `close()` (default 2 000 ms). */
  closeTimeoutMs?: number;
  /** Called when a subscriber's handler throws; by default a process warning is emitted. */
  onHandlerError?: (error: unknown, topic: string) => void;
}

export interface RedisBusSettings {
  redis: RedisOptions;
  keyPrefix: string;
  maxLen: number;
  maxInFlight: number;
  leaseMs: number;
  blockMs: number;
  dedupeTtlMs: number;
  closeTimeoutMs: number;
}

/**
 * The environment variable whose `redis://` / `rediss://` URL, when set and not empty, replaces
 * `redis_client` / `url` of every `RedisMessageBus` in the process.
 *
 * @example
 * // GUILDKIT_REDIS_URL=redis://redis.internal:6380/0 guildkit run guild.yaml --agents coder
 */
export const REDIS_URL_ENV = 'GUILDKIT_REDIS_URL';

type NumberSetting =
  'maxLen' | 'maxInFlight' | 'leaseMs' | 'blockMs' | 'dedupeTtlMs' | 'closeTimeoutMs';

/** Each tuning number: its snake_case alias, default and minimum, in one place. */
const NUMBERS: Record<NumberSetting, { snake: string; fallback: number; min: number }> = {
  maxLen: { snake: 'max_len', fallback: 100_000, min: 1 },
  maxInFlight: { snake: 'max_in_flight', fallback: 64, min: 1 },
  leaseMs: { snake: 'lease_ms', fallback: 15_000, min: 100 },
  blockMs: { snake: 'block_ms', fallback: 2_000, min: 10 },
  dedupeTtlMs: { snake: 'dedupe_ttl_ms', fallback: 24 * 3600_000, min: 1000 },
  closeTimeoutMs: { snake: 'close_timeout_ms', fallback: 2_000, min: 0 },
};
const OTHER_KEYS = ['redis_client', 'url', 'keyPrefix', 'key_prefix', 'onHandlerError'];

function numberSetting(options: JsonObject, name: NumberSetting, where: string): number {
  const { snake, fallback, min } = NUMBERS[name];
  const key = options[name] !== undefined ? name : snake;
  const value = options[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    return invalidConfig(
      `${where}.${key}`,
      `must be an integer >= ${min}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * Validates bus options (typed or straight from a spec's `backend_config`) and fills defaults;
 * a bad or unknown field throws `REDIS_CONFIG_INVALID` naming it.
 */
export function parseBusSettings(input: unknown, where = 'backend_config'): RedisBusSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalidConfig(where, 'must be an object such as { redis_client: { host, port } }.');
  }
  const options = input as JsonObject;
  const known = [
    ...OTHER_KEYS,
    ...Object.keys(NUMBERS),
    ...Object.values(NUMBERS).map((n) => n.snake),
  ];
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      invalidConfig(`${where}.${key}`, `unknown field. Known: ${known.join(', ')}.`);
  }
  if (options['url'] !== undefined && options['redis_client'] !== undefined) {
    invalidConfig(`${where}.url`, 'give either url or redis_client, not both.');
  }
  // The environment wins over the spec, so one spec file runs against any deployment's Redis.
  const env = process.env[REDIS_URL_ENV];
  const override = env === undefined || env === '' ? undefined : env;
  const connection: JsonValue =
    override ?? options['redis_client'] ?? options['url'] ?? 'redis://127.0.0.1:6379';
  const connectionWhere =
    override !== undefined
      ? REDIS_URL_ENV
      : options['redis_client'] === undefined
        ? `${where}.url`
        : `${where}.redis_client`;
  const prefix = options['keyPrefix'] ?? options['key_prefix'] ?? 'guildkit:';
  if (typeof prefix !== 'string') invalidConfig(`${where}.keyPrefix`, 'must be a string.');
  return {
    redis: toRedisOptions(connection, connectionWhere),
    keyPrefix: prefix,
    maxLen: numberSetting(options, 'maxLen', where),
    maxInFlight: numberSetting(options, 'maxInFlight', where),
    leaseMs: numberSetting(options, 'leaseMs', where),
    blockMs: numberSetting(options, 'blockMs', where),
    dedupeTtlMs: numberSetting(options, 'dedupeTtlMs', where),
    closeTimeoutMs: numberSetting(options, 'closeTimeoutMs', where),
  };
}
