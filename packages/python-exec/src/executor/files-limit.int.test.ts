import { type PythonExecExecutor } from './python-exec-executor';
import { PythonExecExecutorResolver } from './python-exec-executor-resolver';

// What an agent stores in its private files (home and /tmp, in its interpreter's memory) is
// bounded by max_files_bytes (default 64 MiB), in either isolation mode: past it Python gets
// ENOSPC and the files API a clear error, the agent's state is kept, and deleting frees space.
const MiB = 2 ** 20;

const fill = (path: string, megabytes: number) => `import errno
written = 0
try:
    with open('${path}', 'wb') as f:
        for i in range(${megabytes}):
            f.write(b'x' * 2**20)
            written += 1
except OSError as e:
    print(e.errno == errno.ENOSPC, e.strerror, written)`;

describe.each(['process', 'shared'] as const)('the files limit, %s isolation', (isolation) => {
  let resolver: PythonExecExecutorResolver;
  let executor: PythonExecExecutor;

  beforeAll(async () => {
    resolver = new PythonExecExecutorResolver({
      whitelisted_imports: ['errno', 'os'],
      memory_limit_mb: 128,
      isolation,
    });
    executor = await resolver.getOrResolve('org', 'guild', `files-${isolation}`);
    await executor.execute({ code: 'secret = "kept"' });
  }, 60_000);

  afterAll(async () => {
    await resolver.close();
  });

  it('should stop a 600 MB write at the limit with ENOSPC and keep the state', async () => {
    const result = await executor.execute({ code: fill('blob.bin', 600), timeoutSeconds: 60 });
    expect(result).toMatchObject({ success: true, stateReset: false });
    const [enospc, ...rest] = result.stdout.trim().split(' ');
    expect(enospc).toBe('True');
    expect(rest.slice(0, -1).join(' ')).toBe('No space left on device');
    expect(Number(rest.at(-1))).toBeGreaterThan(60);
    expect(Number(rest.at(-1))).toBeLessThan(64);
    const after = await executor.execute({ code: 'pass', returnGlobals: ['secret'] });
    expect(after).toMatchObject({ stateReset: false, globals: { secret: 'kept' } });
  }, 90_000);

  it('should refuse host writes past the limit with a clear error, and free what is deleted', async () => {
    await expect(executor.files.write('more.bin', new Uint8Array(8 * MiB))).rejects.toThrow(
      /^files: 'more.bin': OSError: No space left on device.*max_files_bytes \(67108864 bytes\)/,
    );
    const viaRequest = await executor.execute({
      code: 'pass',
      files: { 'more.bin': new Uint8Array(8 * MiB) },
    });
    expect(viaRequest).toMatchObject({ success: false, stateReset: false });
    expect(viaRequest.exception?.type).toBe('OSError');
    // /tmp counts against the same limit.
    expect((await executor.execute({ code: fill('/tmp/t.bin', 8) })).stdout).toMatch(/^True/);
    await executor.files.remove('blob.bin');
    await executor.files.write('more.bin', new Uint8Array(8 * MiB));
    const refilled = await executor.execute({ code: fill('again.bin', 40) });
    expect(refilled).toMatchObject({ success: true, stdout: '' });
  });

  it('should refuse input files larger than the limit before sending them', async () => {
    const big = new Uint8Array(64 * MiB + 1);
    await expect(
      executor.execute({ code: 'pass', files: { 'in.bin': big } }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'files.in.bin' } });
    await expect(executor.files.write('in.bin', big)).rejects.toThrow(
      "execute(): 'files.in.bin' brings the input files to 67108865 bytes, over max_files_bytes (67108864)",
    );
    await expect(
      executor.run({ language: 'python', code: 'pass' }, { inputFiles: { 'a.txt': 'a', b: big } }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'inputFiles.b' } });
  });
});
