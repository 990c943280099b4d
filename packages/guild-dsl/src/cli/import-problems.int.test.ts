import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../__tests__/run-cli';

jest.setTimeout(60_000);

describe('guildkit validate on Python imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guildkit-imports-'));

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should warn, at file:line:column, about imports no package provides', async () => {
    const spec = join(dir, 'guild.yaml');
    writeFileSync(
      spec,
      [
        'name: Imports',
        'description: imports that will not import',
        'dependency_map:',
        '  code_executor:',
        '    class_name: PythonExecExecutorResolver',
        '    properties:',
        '      whitelisted_imports: [math, numpy, bs4]',
        '      default_imports:',
        '        pd: pandas',
        '      packages: [beautifulsoup4]',
        'agents:',
        '  - name: Coder',
        '    description: runs code',
        '    class_name: CodeExecutionAgent',
      ].join('\n'),
    );
    const result = await runCli(['validate', spec]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `${spec}:7:35: warning: dependency_map.code_executor.properties.whitelisted_imports[1]: 'numpy' is neither in the Python standard library nor provided by 'packages'`,
    );
    expect(result.stderr).toContain(
      `${spec}:9:13: warning: dependency_map.code_executor.properties.default_imports.pd: 'pandas'`,
    );
    expect(result.stderr).not.toContain("'bs4'");
    expect(result.stdout).toContain('valid (1 agent, 1 guild dependency, 2 warnings)');
  });
});
