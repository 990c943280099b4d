import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { agentRegistry } from './agent-registry';
import { discoverPlugins } from './discover-plugins';
import { resolverRegistry } from './resolver-registry';

let root: string;
function manifest(path: string, json: object): void {
  const file = join(root, path, 'package.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guildkit-discover-'));
  // project → toolkit (builds on core) → acme-plugin; project → unrelated → hidden-plugin
  manifest('project', { name: 'p', dependencies: { toolkit: '1', unrelated: '1' } });
  manifest('project/node_modules/toolkit', {
    name: 'toolkit',
    dependencies: { '@guildkit/core': '1', 'acme-plugin': '1' },
    guildkit: { agents: { ToolkitAgent: '#ToolkitAgent' } },
  });
  manifest('project/node_modules/acme-plugin', {
    name: 'acme-plugin',
    guildkit: { resolvers: { AcmeResolver: '#AcmeResolver', 'acme.Upstream': 'other#Thing' } },
  });
  manifest('project/node_modules/unrelated', {
    name: 'unrelated',
    dependencies: { 'hidden-plugin': '1' },
  });
  manifest('project/node_modules/hidden-plugin', {
    name: 'hidden-plugin',
    guildkit: { resolvers: { HiddenResolver: '#HiddenResolver' } },
  });
  mkdirSync(join(root, 'project', 'specs'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe(discoverPlugins, () => {
  it('should register what the dependencies declare, following those that build on core', () => {
    expect(resolverRegistry.has('AcmeResolver')).toBe(false);
    discoverPlugins({ basePath: join(root, 'project', 'specs') });
    expect(agentRegistry.has('ToolkitAgent')).toBe(true);
    expect(resolverRegistry.has('AcmeResolver')).toBe(true);
    expect(resolverRegistry.has('acme.Upstream')).toBe(true);
    expect(resolverRegistry.has('HiddenResolver')).toBe(false);
  });
});
