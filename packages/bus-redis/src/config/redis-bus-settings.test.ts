import { afterEach, describe, expect, it } from '@jest/globals';
import { parseBusSettings, REDIS_URL_ENV } from './redis-bus-settings';

function fieldOf(input: unknown): unknown {
  try {
    parseBusSettings(input);
  } catch (error) {
    return {
      code: (error as { code: string }).code,
      field: (error as { details: { field: string } }).details.field,
    };
  }
  return undefined;
}

describe(parseBusSettings, () => {
  it("should read upstream's backend_config.redis_client, with a port written as a string", () => {
    const settings = parseBusSettings({ redis_client: { host: 'redis', port: '6380', db: 2 } });
    expect(settings.redis).toMatchObject({ host: 'redis', port: 6380, db: 2, protocol: 2 });
    expect(settings).toMatchObject({ keyPrefix: 'guildkit:', maxLen: 100_000, maxInFlight: 64 });
  });

  it('should accept the upstream fields it has no use for and map ssl, timeouts and credentials', () => {
    const settings = parseBusSettings({
      redis_client: {
        host: 'h',
        port: 1,
        username: 'u',
        password: 'p',
        ssl: true,
        socket_connect_timeout: 2,
        health_check_interval: 30,
        pubsub_retry_enabled: true,
      },
      max_in_flight: 8,
      keyPrefix: 'app:',
    });
    expect(settings.redis).toMatchObject({
      username: 'u',
      password: 'p',
      tls: {},
      connectTimeout: 2000,
    });
    expect(settings).toMatchObject({ maxInFlight: 8, keyPrefix: 'app:' });
  });

  it('should read a URL with credentials and database', () => {
    expect(
      parseBusSettings({ url: 'rediss://me:s%3Acret@example.com:7000/3' }).redis,
    ).toMatchObject({
      host: 'example.com',
      port: 7000,
      db: 3,
      username: 'me',
      password: 's:cret',
      tls: {},
    });
  });

  it.each([
    [{ redis_client: { port: 6379 } }, 'backend_config.redis_client.host'],
    [{ redis_client: { host: 'h', port: 'abc' } }, 'backend_config.redis_client.port'],
    [{ redis_client: { host: 'h', port: 70000 } }, 'backend_config.redis_client.port'],
    [{ redis_client: { host: 'h', port: 1, hots: 'x' } }, 'backend_config.redis_client.hots'],
    [
      { redis_client: { host: 'h', port: 1, is_cluster: true } },
      'backend_config.redis_client.is_cluster',
    ],
    [{ redis_client: { host: 'h', port: 1, ssl: 'yes' } }, 'backend_config.redis_client.ssl'],
    [
      { redis_client: { host: 'h', port: 1, ssl_ca_certs: '/no/such.pem' } },
      'backend_config.redis_client.ssl_ca_certs',
    ],
    [{ redis_client: 42 }, 'backend_config.redis_client'],
    [{ url: 'http://x' }, 'backend_config.url'],
    [{ maxInFlight: 0 }, 'backend_config.maxInFlight'],
    [{ lease_ms: 'long' }, 'backend_config.lease_ms'],
    [{ backend: 'x' }, 'backend_config.backend'],
  ])('should refuse %j naming the bad field', (input, field) => {
    expect(fieldOf(input)).toEqual({ code: 'REDIS_CONFIG_INVALID', field });
  });

  it('should suggest the field a typo meant', () => {
    expect(() => parseBusSettings({ redis_client: { host: 'h', port: 1, pasword: 'x' } })).toThrow(
      /did you mean "password"/,
    );
  });
});

describe(REDIS_URL_ENV, () => {
  const saved = process.env[REDIS_URL_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env['GUILDKIT_REDIS_URL'];
    else process.env[REDIS_URL_ENV] = saved;
  });

  it("should replace the spec's redis_client, keeping the other settings", () => {
    process.env[REDIS_URL_ENV] = 'redis://:pw@10.0.0.5:6390/4';
    const settings = parseBusSettings({
      redis_client: { host: 'localhost', port: 6379 },
      key_prefix: 'app:',
    });
    expect(settings.redis).toMatchObject({ host: '10.0.0.5', port: 6390, db: 4, password: 'pw' });
    expect(settings.keyPrefix).toBe('app:');
  });

  it('should be ignored when empty, and name itself when it is not a Redis URL', () => {
    process.env[REDIS_URL_ENV] = '';
    expect(parseBusSettings({ url: 'redis://h:1' }).redis).toMatchObject({ host: 'h', port: 1 });
    process.env[REDIS_URL_ENV] = 'localhost:6379';
    expect(fieldOf({})).toEqual({ code: 'REDIS_CONFIG_INVALID', field: REDIS_URL_ENV });
  });
});
