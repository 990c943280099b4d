import { parseExecutorConfig } from './executor-config';

describe(parseExecutorConfig, () => {
  it('should fill defaults for empty or missing properties', () => {
    const expected = {
      whitelistedImports: [],
      defaultImports: {},
      timeoutSeconds: 30,
      memoryLimitMb: 256,
      maxOutputBytes: 1024 * 1024,
      packages: [],
      packageIndex: undefined,
      isolation: 'process',
      maxResultBytes: 8 * 1024 * 1024,
      maxFilesBytes: 64 * 1024 * 1024,
    };
    expect(parseExecutorConfig(undefined)).toEqual(expected);
    expect(parseExecutorConfig({ whitelisted_imports: null })).toEqual(expected);
  });

  it('should keep valid properties', () => {
    const config = parseExecutorConfig({
      whitelisted_imports: ['math', 'matplotlib.pyplot', 'math'],
      default_imports: { np: 'numpy', plt: 'matplotlib.pyplot' },
      timeout_seconds: 2.5,
      memory_limit_mb: 128,
      max_output_bytes: 100,
      packages: ['python-dateutil'],
      package_index: './wheels',
      isolation: 'shared',
      max_result_bytes: 4096,
      max_files_bytes: 2 ** 20,
    });
    expect(config).toEqual({
      whitelistedImports: ['math', 'matplotlib.pyplot'],
      defaultImports: { np: 'numpy', plt: 'matplotlib.pyplot' },
      timeoutSeconds: 2.5,
      memoryLimitMb: 128,
      maxOutputBytes: 100,
      packages: ['python-dateutil'],
      packageIndex: './wheels',
      isolation: 'shared',
      maxResultBytes: 4096,
      maxFilesBytes: 2 ** 20,
    });
  });

  it.each([
    [{ whitelisted_imports: 'math' }, "'whitelisted_imports': expected a list of strings"],
    [{ whitelisted_imports: ['math', 3] }, "'whitelisted_imports[1]': expected a dotted module"],
    [{ whitelisted_imports: ['os path'] }, "'whitelisted_imports[0]': 'os path' is not a dotted"],
    [{ whitelisted_imports: ['js'] }, "'whitelisted_imports[0]': 'js' reaches the JavaScript host"],
    [{ whitelisted_imports: ['pyodide_js'] }, "'pyodide_js' reaches the JavaScript host"],
    [{ whitelisted_imports: ['pyodide.ffi'] }, "'pyodide' reaches the JavaScript host"],
    [{ default_imports: ['math'] }, "'default_imports': expected a mapping"],
    [{ default_imports: { 'm-1': 'math' } }, "'default_imports.m-1': 'm-1' is not a valid"],
    [{ default_imports: { m: 7 } }, "'default_imports.m': expected a dotted module name"],
    [{ default_imports: { __b: 'math' } }, "'default_imports.__b': '__b' is not a valid"],
    [{ package_index: '' }, "'package_index': must not be empty"],
    [{ default_imports: { j: 'pyodide_js' } }, "'default_imports.j': 'pyodide_js' reaches"],
    [{ timeout_seconds: '10' }, "'timeout_seconds': expected a number from"],
    [{ timeout_seconds: 0 }, "'timeout_seconds': expected a number from"],
    [{ memory_limit_mb: 10.5 }, "'memory_limit_mb': expected an integer from 64 to 3584"],
    [{ memory_limit_mb: 8192 }, "'memory_limit_mb': expected an integer from 64 to 3584"],
    [{ max_output_bytes: -1 }, "'max_output_bytes': expected an integer"],
    [{ isolation: 'none' }, "'isolation': expected one of 'process', 'shared'"],
    [{ max_result_bytes: 10 }, "'max_result_bytes': expected an integer"],
    [{ packages: ['numpy', 'bad name'] }, "'packages[1]': 'bad name' is not a package name"],
    [{ package_index: 5 }, "'package_index': expected a directory path or an http(s) URL"],
    [
      { whitelist_imports: ['math'] },
      "'whitelist_imports': unknown key 'whitelist_imports' (did you mean 'whitelisted_imports'?)",
    ],
    ['math', "'(properties)': expected a mapping"],
  ])('should reject %j naming the property', (properties, message) => {
    expect(() => parseExecutorConfig(properties)).toThrow(
      expect.objectContaining({
        code: 'INVALID_PROPERTIES',
        message: expect.stringContaining(message) as string,
      }) as Error,
    );
  });
});
