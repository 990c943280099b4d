import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWheel } from '../__tests__/build-wheel';
import { PythonExecExecutor } from '../executor/python-exec-executor';

// Packages are installed offline from wheels this test builds itself.
describe('packages', () => {
  let wheels: string;
  let distribution: string;

  beforeAll(() => {
    wheels = mkdtempSync(join(tmpdir(), 'guildkit-wheels-'));
    buildWheel(wheels, {
      name: 'gk_greeting',
      version: '1.0.0',
      source: 'def greet(name):\n    return f"hello {name}"\n',
    });
    distribution = mkdtempSync(join(tmpdir(), 'guildkit-dist-'));
    const base = buildWheel(distribution, {
      name: 'gk_base',
      version: '0.2.0',
      source: 'FACTOR = 7\n',
    });
    const top = buildWheel(distribution, {
      name: 'gk_top',
      version: '0.1.0',
      source: 'import gk_base\ndef scaled(x):\n    return x * gk_base.FACTOR\n',
    });
    const entry = (name: string, file: string, depends: string[]) => ({
      name,
      version: '0',
      file_name: file,
      install_dir: 'site',
      package_type: 'package',
      imports: [name],
      depends,
    });
    writeFileSync(
      join(distribution, 'pyodide-lock.json'),
      JSON.stringify({
        info: { arch: 'wasm32' },
        packages: {
          'gk-top': entry('gk_top', top, ['gk-base']),
          'gk-base': entry('gk_base', base, []),
        },
      }),
    );
  });

  afterAll(() => {
    rmSync(wheels, { recursive: true, force: true });
    rmSync(distribution, { recursive: true, force: true });
  });

  it('should install a wheel from a directory and allow it as a default import', async () => {
    const executor = await PythonExecExecutor.create({
      packages: ['gk-greeting'],
      package_index: wheels,
      whitelisted_imports: ['gk_greeting'],
      default_imports: { g: 'gk_greeting' },
    });
    const result = await executor.execute({
      code: 'import gk_greeting\nout = [gk_greeting.greet("a"), g.greet("b")]',
      returnGlobals: ['out'],
    });
    expect(result.globals['out']).toEqual(['hello a', 'hello b']);
    await executor.close();
  }, 60_000);

  it('should resolve dependencies from a Pyodide distribution lock file', async () => {
    const executor = await PythonExecExecutor.create({
      packages: ['gk_top'],
      package_index: distribution,
      whitelisted_imports: ['gk_top'],
    });
    const result = await executor.execute({
      code: 'import gk_top\nv = gk_top.scaled(6)',
      returnGlobals: ['v'],
    });
    expect(result.globals['v']).toBe(42);
    await executor.close();
  }, 60_000);

  it('should say how to provide a package that is not in the index', async () => {
    await expect(
      PythonExecExecutor.create({ packages: ['pandas'], package_index: wheels }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_UNAVAILABLE',
      message: expect.stringMatching(
        /Package 'pandas' has no wheel in .*found: gk_greeting-1.0.0.*set package_index to a local directory/s,
      ) as string,
    });
  });

  it('should fail clearly when a URL index cannot be reached', async () => {
    await expect(
      PythonExecExecutor.create({
        packages: ['numpy'],
        package_index: 'http://127.0.0.1:9/pyodide/',
      }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_UNAVAILABLE',
      message: expect.stringContaining(
        "Cannot read the package index 'http://127.0.0.1:9/pyodide/'",
      ) as string,
    });
  });
});
