import { parseExecutorConfig } from '@guildkit/python-exec';
import { validateGuildSpecText } from '../loader/load-guild-spec';

// `validate` and the resolver read one schema (PythonExecExecutorResolver.propertySchema), so a
// spec `validate` accepts is never refused at launch, and the other way round.
const cases: Record<string, unknown>[] = [
  {},
  { whitelisted_imports: ['math', 'matplotlib.pyplot'] },
  { whitelisted_imports: ['js'] },
  { whitelisted_imports: ['pyodide_js'] },
  { whitelisted_imports: ['micropip.install'] },
  { whitelisted_imports: ['os path'] },
  { default_imports: { m: 'math' } },
  { default_imports: { __m: 'math' } },
  { default_imports: { j: 'pyodide.ffi' } },
  { timeout_seconds: 0 },
  { timeout_seconds: 86_400 },
  { memory_limit_mb: 63 },
  { memory_limit_mb: 3584 },
  { max_output_bytes: 268_435_457 },
  { packages: ['python-dateutil'] },
  { packages: ['bad name'] },
  { package_index: '' },
  { isolation: 'shared' },
  { isolation: 'thread' },
  { max_result_bytes: 1023 },
  { max_files_bytes: 1023 },
  { max_files_bytes: 2 ** 30 },
  { timeout_secs: 3 },
];

function launchAccepts(properties: Record<string, unknown>): boolean {
  try {
    parseExecutorConfig(properties);
    return true;
  } catch {
    return false;
  }
}

describe('InProcessCodeInterpreterResolver properties', () => {
  it('should be refused by validate as by the constructor', () => {
    const text = JSON.stringify({
      name: 'g',
      description: 'd',
      dependency_map: {
        x: { class_name: 'InProcessCodeInterpreterResolver', properties: { timeout_seconds: 1 } },
      },
    });
    expect(validateGuildSpecText({ text, format: 'json' }).problems).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_KEY',
        severity: 'error',
        path: 'dependency_map.x.properties.timeout_seconds',
      }),
    ]);
  });
});

describe('PythonExecExecutorResolver properties', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c]))(
    'should get the same verdict from validate and from the resolver for %s',
    (_, properties) => {
      const text = JSON.stringify({
        name: 'g',
        description: 'd',
        dependency_map: { x: { class_name: 'PythonExecExecutorResolver', properties } },
      });
      const report = validateGuildSpecText({ text, format: 'json' });
      expect(report.valid).toBe(launchAccepts(properties));
    },
  );
});
