// The spec is written outside any project, so the program imports the plugin, as a user's would.
import '@guildkit/python-exec';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuildBuilder } from './guild-builder';

describe('relative package_index in a spec file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guildkit-package-index-'));

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("should resolve from the spec's directory, leaving URLs and absolute paths as written", () => {
    const spec = join(dir, 'guild.yaml');
    writeFileSync(
      spec,
      [
        'name: Wheels',
        'description: local packages',
        'dependency_map:',
        '  code_executor:',
        '    class_name: PythonExecExecutorResolver',
        '    properties: { packages: [mypkg], package_index: ./wheels }',
        '  remote:',
        '    class_name: PythonExecExecutorResolver',
        '    properties: { package_index: "https://cdn.example/pyodide/" }',
        'agents:',
        '  - name: Coder',
        '    description: runs code',
        '    class_name: CodeExecutionAgent',
        '    dependency_map:',
        '      code_executor:',
        '        class_name: PythonExecExecutorResolver',
        '        properties: { package_index: ../shared/wheels }',
        '      pinned:',
        '        class_name: PythonExecExecutorResolver',
        '        properties: { package_index: /opt/wheels }',
      ].join('\n'),
    );
    // Loaded from another working directory: the spec's location decides.
    const built = GuildBuilder.fromYamlFile(spec).buildSpec();
    expect(built.dependencyMap['code_executor']?.properties).toEqual({
      packages: ['mypkg'],
      package_index: join(dir, 'wheels'),
    });
    expect(built.dependencyMap['remote']?.properties?.['package_index']).toBe(
      'https://cdn.example/pyodide/',
    );
    const agent = built.agents[0]!.dependencyMap;
    expect(agent['code_executor']?.properties?.['package_index']).toBe(
      join(dir, '..', 'shared', 'wheels'),
    );
    expect(agent['pinned']?.properties?.['package_index']).toBe('/opt/wheels');
  });
});
