import {
  GuildError,
  type JsonObject,
  type StateManager,
  type StateOwnerKey,
  type StateSnapshot,
  type StateUpdateRequest,
} from '@guildkit/core';
import { Redis, type RedisOptions } from 'ioredis';
import { LuaScript } from '../bus/lua-script';
import {
  invalidConfig,
  type RedisConnectionConfig,
  toRedisOptions,
} from '../config/redis-connection';
import { applyStateUpdate } from '@guildkit/core/plugin';

/**
 * Options of `RedisStateManager`. In a guild spec: `properties.state_manager_config`, either
 * upstream's flat `{ host, port, ... }` or `{ redis_client | url, keyPrefix }`.
 */
export interface RedisStateManagerOptions {
  redis_client?: RedisConnectionConfig;
  /** Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Default `guildkit:`. */
  keyPrefix?: string;
}

// Compare-and-set: writes only if the version is still the one the update was computed from.
const COMPARE_AND_SET = new LuaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return current end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'version', current + 1, 'timestamp', ARGV[3])
return -1`);

/** Unversioned updates retry on a concurrent write; this bounds a pathological livelock. */
const MAX_ATTEMPTS = 50;

function settingsOf(input: unknown): { redis: RedisOptions; keyPrefix: string } {
  const where = 'state_manager_config';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalidConfig(where, 'must be an object such as { host, port }.');
  }
  const options = input as JsonObject;
  if ('host' in options) return { redis: toRedisOptions(options, where), keyPrefix: 'guildkit:' };
  for (const key of Object.keys(options)) {
    if (!['redis_client', 'url', 'keyPrefix'].includes(key)) {
      invalidConfig(
        `${where}.${key}`,
        'unknown field. Known: redis_client, url, keyPrefix (or upstream host, port, ...).',
      );
    }
  }
  const prefix = options['keyPrefix'] ?? 'guildkit:';
  if (typeof prefix !== 'string') invalidConfig(`${where}.keyPrefix`, 'must be a string.');
  const connection = options['redis_client'] ?? options['url'] ?? 'redis://127.0.0.1:6379';
  const field = options['redis_client'] === undefined ? 'url' : 'redis_client';
  return { redis: toRedisOptions(connection, `${where}.${field}`), keyPrefix: prefix };
}

function describe(owner: StateOwnerKey): string {
  return owner.agentId === undefined
    ? `guild "${owner.guildId}"`
    : `agent "${owner.agentId}" of guild "${owner.guildId}"`;
}

/**
 * A `StateManager` on Redis (upstream's `RedisStateManager`): agent and guild states survive the
 * process, so an agent can move to another process or host and find its state. One hash per
 * owner (`state`, `version`, `timestamp`, as upstream lays it out); an update is computed here
 * and written by a compare-and-set script, so a stale versioned update is refused atomically
 * (`STATE_VERSION_CONFLICT`) and an unversioned one is retried on the newer state.
 *
 * @example
 * const state = new RedisStateManager({ url: 'redis://127.0.0.1:6379' });
 * await builder.launch('org', { stateManager: state });
 */
export class RedisStateManager implements StateManager {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisStateManagerOptions | JsonObject = {}) {
    const settings = settingsOf(options);
    this.prefix = settings.keyPrefix;
    this.redis = new Redis(settings.redis as RedisOptions & { replyMapping?: 'legacy' });
    this.redis.on('error', () => undefined); // commands wait for the reconnect
  }

  async getState(owner: StateOwnerKey): Promise<StateSnapshot> {
    const found = await this.redis.hgetall(this.key(owner));
    if (found['version'] === undefined) return { state: {}, version: 0, timestamp: 0 };
    return {
      state: JSON.parse(found['state'] ?? '{}') as JsonObject,
      version: Number(found['version']),
      timestamp: Number(found['timestamp'] ?? 0),
    };
  }

  async updateState(request: StateUpdateRequest): Promise<StateSnapshot> {
    const key = this.key(request);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.getState(request);
      if (request.updateVersion !== undefined && request.updateVersion !== current.version) {
        throw this.conflict(request, current.version);
      }
      const state = applyStateUpdate(current.state, request);
      const timestamp = Date.now();
      const result = await COMPARE_AND_SET.run(
        this.redis,
        [key],
        [current.version, JSON.stringify(state), timestamp],
      );
      if (result === -1) return { state, version: current.version + 1, timestamp };
      if (request.updateVersion !== undefined) throw this.conflict(request, Number(result));
    }
    throw this.conflict(request, (await this.getState(request)).version);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  private key(owner: StateOwnerKey): string {
    const guild = encodeURIComponent(owner.guildId);
    return owner.agentId === undefined
      ? `${this.prefix}state:guild:${guild}`
      : `${this.prefix}state:agent:${guild}:${encodeURIComponent(owner.agentId)}`;
  }

  private conflict(request: StateUpdateRequest, current: number): GuildError {
    return new GuildError(
      'STATE_VERSION_CONFLICT',
      `State of ${describe(request)} is at version ${current}, but the update was made for ` +
        `version ${request.updateVersion ?? current}: read the state again and retry.`,
      { details: { current, expected: request.updateVersion ?? null } },
    );
  }
}
