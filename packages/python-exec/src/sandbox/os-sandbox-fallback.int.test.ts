import { PythonExecExecutor } from '../executor/python-exec-executor';
import { sandboxLayers } from './os-sandbox';

// A host without bubblewrap, prlimit or namespaces (macOS, a locked-down container): the
// executor still runs, and one startup warning names every missing layer.
describe('a sandbox without its OS layers', () => {
  // Node emits warnings on its own process object, which a Jest test cannot listen to.
  const emitWarning = jest.spyOn(process, 'emitWarning');

  beforeAll(() => {
    process.env['GUILDKIT_SANDBOX_DISABLE'] = 'bubblewrap,rlimits,setpriv,netns';
  });

  afterAll(() => {
    delete process.env['GUILDKIT_SANDBOX_DISABLE'];
    emitWarning.mockRestore();
  });

  it('should still run Python and say exactly which layers are missing', async () => {
    const executor = await PythonExecExecutor.create();
    try {
      const result = await executor.execute({ code: 'x = 6 * 7', returnGlobals: ['x'] });
      expect(result).toMatchObject({ success: true, globals: { x: 42 } });
    } finally {
      await executor.close();
    }
    expect(sandboxLayers()).toMatchObject({
      bubblewrap: false,
      resourceLimits: false,
      networkNamespace: false,
    });
    const layers = emitWarning.mock.calls.filter(
      ([, options]) =>
        typeof options === 'object' &&
        (options as { code?: string }).code === 'GUILDKIT_SANDBOX_LAYERS',
    );
    expect(layers).toHaveLength(1);
    for (const missing of ['bubblewrap', 'network namespace', 'rlimits']) {
      expect(String(layers[0]?.[0])).toContain(missing);
    }
  }, 60_000);
});
