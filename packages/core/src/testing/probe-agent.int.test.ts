import { runScript } from '../__tests__/run-script';

describe('ProbeAgent in a real process', () => {
  it('should reject waitForMessages with TIMEOUT instead of letting the process exit', async () => {
    const result = await runScript('probe-timeout');
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('rejected TIMEOUT');
    expect(result.code).toBe(0);
  });
});
