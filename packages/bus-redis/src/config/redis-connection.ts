import { readFileSync } from 'node:fs';
import { closestName, type JsonObject, type JsonValue } from '@guildkit/core';
import { type RedisOptions } from 'ioredis';
import { RedisBusError } from '../errors/redis-bus-error';

/**
 * Where Redis is, in upstream's `RedisBackendConfig` shape (`backend_config.redis_client` of a
 * guild spec), or a `redis://` / `rediss://` URL string.
 */
export type RedisConnectionConfig =
  | string
  | {
      host: string;
      /** A number, or a numeric string as some upstream specs write it. */
      port: number | string;
      db?: number;
      username?: string | null;
      password?: string | null;
      /** TLS; the `ssl_*` files are read when the connection is configured. */
      ssl?: boolean;
      ssl_certfile?: string | null;
      ssl_keyfile?: string | null;
      ssl_ca_certs?: string | null;
      /** Seconds (upstream's unit). */
      socket_connect_timeout?: number;
      socket_keepalive?: boolean;
    };

/** Upstream fields accepted for compatibility that change nothing here (reconnects are built in). */
const IGNORED_UPSTREAM_FIELDS = [
  'socket_keepalive_options',
  'health_check_interval',
  'socket_timeout',
  'pubsub_retry_enabled',
  'pubsub_retry_initial_delay',
  'pubsub_retry_max_delay',
  'pubsub_retry_multiplier',
  'pubsub_health_check_interval',
  'pubsub_immediate_retry_attempts',
  'pubsub_immediate_retry_delay',
  'pubsub_immediate_retry_multiplier',
  'pubsub_max_retry_attempts',
  'pubsub_max_retry_time',
  'pubsub_crash_on_failure',
  'pubsub_health_monitoring_enabled',
  'pubsub_health_monitor_initial_delay',
];
const USED_FIELDS = [
  'host',
  'port',
  'db',
  'username',
  'password',
  'ssl',
  'ssl_certfile',
  'ssl_keyfile',
  'ssl_ca_certs',
  'socket_connect_timeout',
  'socket_keepalive',
  'is_cluster',
];

/** Throws `REDIS_CONFIG_INVALID` naming `field`. */
export function invalidConfig(field: string, problem: string): never {
  throw new RedisBusError('REDIS_CONFIG_INVALID', `${field}: ${problem}`, { details: { field } });
}

function optionalString(config: JsonObject, key: string, where: string): string | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalidConfig(`${where}.${key}`, 'must be a string.');
  return value;
}

function nonNegativeInteger(value: JsonValue | undefined, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    invalidConfig(field, `must be a non-negative integer, got ${JSON.stringify(value)}.`);
  }
  return n;
}

function readPem(config: JsonObject, key: string, where: string): Buffer | undefined {
  const path = optionalString(config, key, where);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    return invalidConfig(`${where}.${key}`, `cannot read ${path}: ${(error as Error).message}`);
  }
}

function checkFields(config: JsonObject, where: string): void {
  const known = [...USED_FIELDS, ...IGNORED_UPSTREAM_FIELDS];
  for (const key of Object.keys(config)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    invalidConfig(
      `${where}.${key}`,
      `unknown field${near === undefined ? '' : ` (did you mean "${near}"?)`}. Known: ${USED_FIELDS.join(', ')}.`,
    );
  }
}

/**
 * Turns a connection config into ioredis options, with the reconnect behaviour the bus relies
 * on: commands wait (queued) while Redis is unreachable and retry after it is back.
 * `where` names the config in errors (`backend_config.redis_client`).
 */
export function toRedisOptions(config: JsonValue | undefined, where: string): RedisOptions {
  const base: RedisOptions = {
    // RESP2: stream and XINFO replies keep the nested array shapes the readers parse.
    protocol: 2,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  };
  if (typeof config === 'string') {
    if (!/^rediss?:\/\//.test(config)) {
      invalidConfig(where, `must be a redis:// or rediss:// URL, got ${JSON.stringify(config)}.`);
    }
    const url = new URL(config);
    const db = nonNegativeInteger(url.pathname.slice(1) || undefined, `${where} (database)`);
    return {
      ...base,
      host: url.hostname,
      port: url.port === '' ? 6379 : Number(url.port),
      ...(db === undefined ? {} : { db }),
      ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
      ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    };
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return invalidConfig(where, 'must be an object { host, port, ... } or a redis:// URL.');
  }
  checkFields(config, where);
  const host = optionalString(config, 'host', where);
  if (host === undefined || host === '') invalidConfig(`${where}.host`, 'is required.');
  const port = nonNegativeInteger(config['port'], `${where}.port`);
  if (port === undefined || port === 0 || port > 65535) {
    invalidConfig(`${where}.port`, 'is required: a port number 1-65535.');
  }
  if (config['is_cluster'] === true) {
    invalidConfig(`${where}.is_cluster`, 'Redis Cluster is not supported yet; use one server.');
  }
  const ssl = config['ssl'];
  if (ssl !== undefined && ssl !== null && typeof ssl !== 'boolean') {
    invalidConfig(`${where}.ssl`, 'must be true or false.');
  }
  const connectSeconds = config['socket_connect_timeout'];
  if (connectSeconds !== undefined && (typeof connectSeconds !== 'number' || connectSeconds <= 0)) {
    invalidConfig(`${where}.socket_connect_timeout`, 'must be a positive number of seconds.');
  }
  const db = nonNegativeInteger(config['db'], `${where}.db`);
  const username = optionalString(config, 'username', where);
  const password = optionalString(config, 'password', where);
  const cert = readPem(config, 'ssl_certfile', where);
  const key = readPem(config, 'ssl_keyfile', where);
  const ca = readPem(config, 'ssl_ca_certs', where);
  return {
    ...base,
    host,
    port,
    ...(db === undefined ? {} : { db }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(ssl === true
      ? {
          tls: {
            ...(cert === undefined ? {} : { cert }),
            ...(key === undefined ? {} : { key }),
            ...(ca === undefined ? {} : { ca }),
          },
        }
      : {}),
    ...(typeof connectSeconds === 'number' ? { connectTimeout: connectSeconds * 1000 } : {}),
    ...(config['socket_keepalive'] === false ? {} : { keepAlive: 30_000 }),
  };
}
