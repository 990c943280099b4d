import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { rejectionOf } from '../__tests__/capture-error';
import { InMemoryMessageBus } from '../bus/in-memory-message-bus';
import { type JsonObject } from '../messaging/json';
import { messagingBackendRegistry } from '../registry/messaging-backend-registry';
import { createBus } from './create-bus';
import { GuildBuilder } from './guild-builder';

// A plugin as installed in a user's project: its package.json declares the backend names.
const FAKE_BUS = `
const made = [];
class FakeBus {
  constructor(config) { this.config = config; this.closed = false; made.push(this); }
  publish() { return Promise.resolve(); }
  subscribe(namespace, topic, s) { return Promise.resolve({ namespace, topic, subscriberId: s.id, unsubscribe: () => Promise.resolve() }); }
  observe(namespace) { return Promise.resolve({ namespace, topic: '*', subscriberId: 'o', unsubscribe: () => Promise.resolve() }); }
  outstanding() { return Promise.resolve(0); }
  close() { this.closed = true; return Promise.resolve(); }
}
module.exports = { FakeBus, made };
`;

let root: string;
function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guildkit-plugins-'));
  write(
    'project/package.json',
    JSON.stringify({ name: 'user-project', dependencies: { 'fake-bus-plugin': '1.0.0' } }),
  );
  write(
    'project/node_modules/fake-bus-plugin/package.json',
    JSON.stringify({
      name: 'fake-bus-plugin',
      main: 'index.js',
      guildkit: {
        messaging: {
          FakeMessagingBackend: '#FakeBus',
          'rustic_ai.fake.messaging.backend.FakeMessagingBackend': '#FakeBus',
        },
      },
    }),
  );
  write('project/node_modules/fake-bus-plugin/index.js', FAKE_BUS);
  write('project/specs/.keep', '');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const messaging = (backendClass: string, backendModule = 'rustic_ai.fake.messaging.backend') => ({
  messaging: {
    backend_module: backendModule,
    backend_class: backendClass,
    backend_config: { redis_client: { host: 'localhost', port: 6379 } },
  },
});

describe('createBus (properties.messaging)', () => {
  it.each([
    [{}],
    [{ messaging: {} }],
    [messaging('InMemoryMessagingBackend', 'rustic_ai.core.messaging.backend')],
  ])('should give the in-memory bus for %j', async (properties) => {
    expect(await createBus(properties as JsonObject)).toBeInstanceOf(InMemoryMessageBus);
  });

  it("should build a backend an installed package declares, by upstream's name, with backend_config", async () => {
    expect(messagingBackendRegistry.has('FakeMessagingBackend')).toBe(false);
    const bus = (await createBus(
      messaging('FakeMessagingBackend'),
      join(root, 'project', 'specs'),
    )) as unknown as {
      config: JsonObject;
      constructor: { name: string };
    };
    expect(bus.constructor.name).toBe('FakeBus');
    expect(bus.config).toEqual({ redis_client: { host: 'localhost', port: 6379 } });
    expect(
      messagingBackendRegistry.has('rustic_ai.fake.messaging.backend.FakeMessagingBackend'),
    ).toBe(true);
  });

  it('should launch a guild on it from the spec directory and close it at shutdown', async () => {
    const builder = new GuildBuilder().setName('g').setDescription('d');
    builder.setProperty('messaging', messaging('FakeMessagingBackend').messaging);
    const guild = await builder.launch('org', { basePath: join(root, 'project', 'specs') });
    await guild.shutdown();
    const { made } = (await import(
      join(root, 'project/node_modules/fake-bus-plugin/index.js')
    )) as { made: { closed: boolean }[] };
    expect(made.at(-1)?.closed).toBe(true);
  });

  it('should refuse a backend nobody provides, listing the known ones and how to get one', async () => {
    const error = await rejectionOf(createBus(messaging('NatsMessagingBackend'), root));
    expect(error.code).toBe('SPEC_INVALID');
    expect(error.message).toContain(
      'properties.messaging.backend_class: Unknown messaging backend "NatsMessagingBackend".',
    );
    expect(error.message).toContain('declares it under "guildkit.messaging"');
  });
});
