import { runScript } from '../__tests__/run-script';

describe('@guildkit/core/testing outside Jest', () => {
  it('should load and run waitUntil and testMessage in a plain node process, and refuse a contract suite there', async () => {
    const result = await runScript('testing-outside-jest');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      topics: ['t'],
      n: 7,
      polls: 3,
      suite: expect.stringMatching(
        /^JEST_UNAVAILABLE: runStateManagerContract must be called inside a Jest test file/,
      ) as unknown,
    });
  });
});
