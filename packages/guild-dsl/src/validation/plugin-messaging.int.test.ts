import { join } from 'node:path';
import { useTempDir } from '../__tests__/temp-dir';
import { validateGuildSpecFile } from '../loader/load-guild-spec';

const dir = useTempDir('plugin-messaging');

const spec = (backend: string): string =>
  [
    'name: g',
    'description: d',
    'properties:',
    '  messaging:',
    '    backend_module: rustic_ai.acme.messaging.backend',
    `    backend_class: ${backend}`,
    '    backend_config: { redis_client: { host: localhost, port: 6379 } }',
    '',
  ].join('\n');

describe('validating properties.messaging against installed plugins', () => {
  beforeAll(() => {
    dir.write(
      'project/package.json',
      JSON.stringify({ name: 'user-project', dependencies: { 'acme-bus': '1.0.0' } }),
    );
    dir.write(
      'project/node_modules/acme-bus/package.json',
      JSON.stringify({
        name: 'acme-bus',
        guildkit: { messaging: { AcmeMessagingBackend: '#AcmeBus' } },
      }),
    );
  });

  it("should accept a backend that a dependency of the spec's project declares", () => {
    const file = dir.write('project/specs/guild.yaml', spec('AcmeMessagingBackend'));
    expect(validateGuildSpecFile(file).problems).toEqual([]);
  });

  it('should refuse one no installed package declares, at its line', () => {
    const file = dir.write(join('elsewhere', 'guild.yaml'), spec('AcmeMessagingBackend2'));
    const [problem] = validateGuildSpecFile(file).problems;
    expect(problem).toMatchObject({ path: 'properties.messaging.backend_class', line: 6 });
    expect(problem?.message).toContain(
      "Guildkit cannot run messaging backend 'rustic_ai.acme.messaging.backend.AcmeMessagingBackend2'",
    );
  });
});
