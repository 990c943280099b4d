import { loadPyodide } from 'pyodide';
import { importsOutsidePackages, STDLIB_MODULES } from './python-modules';

jest.setTimeout(60_000);

describe('the Python modules the executor can import', () => {
  it("should list exactly the bundled Pyodide's standard library", async () => {
    const pyodide = await loadPyodide();
    const names = JSON.parse(
      pyodide.runPython('import sys, json\njson.dumps(sorted(sys.stdlib_module_names))') as string,
    ) as string[];
    expect([...STDLIB_MODULES].sort()).toEqual(names);
  });

  it('should name imports that neither the standard library nor packages provide', () => {
    expect(
      importsOutsidePackages({
        whitelisted_imports: ['math', 'numpy', 'email.mime', 'bs4', 'yaml'],
        default_imports: { pd: 'pandas', j: 'json', sk: 'sklearn.linear_model' },
        // beautifulsoup4 provides bs4 (Pyodide's lock file says so); pandas brings numpy.
        packages: ['beautifulsoup4', 'pandas', 'scikit-learn'],
      }),
    ).toEqual([{ property: 'whitelisted_imports[4]', module: 'yaml' }]);
    expect(importsOutsidePackages({ whitelisted_imports: ['numpy'] })).toEqual([
      { property: 'whitelisted_imports[0]', module: 'numpy' },
    ]);
    expect(importsOutsidePackages({ whitelisted_imports: 'math' })).toEqual([]);
  });
});
