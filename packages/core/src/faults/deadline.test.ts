import { GuildError } from '../errors/guild-error';
import { checkTimeout, settleWithin, withDeadline } from './deadline';

describe(checkTimeout, () => {
  it('should read 0, null, Infinity and overlong values as no limit', () => {
    expect(checkTimeout(0, 'x')).toBeNull();
    expect(checkTimeout(null, 'x')).toBeNull();
    expect(checkTimeout(Number.POSITIVE_INFINITY, 'x')).toBeNull();
    expect(checkTimeout(2 ** 40, 'x')).toBeNull();
    expect(checkTimeout(250, 'x')).toBe(250);
  });

  it.each([-1, Number.NaN, '100', {}])('should refuse %p, naming the setting', (value) => {
    expect(() => checkTimeout(value, 'timeoutMs of processor "run"')).toThrow(
      /timeoutMs of processor "run" must be a number of milliseconds > 0, or 0\/null/,
    );
  });
});

describe(withDeadline, () => {
  it('should reject with the expiry error when the task does not settle in time', async () => {
    const { promise } = withDeadline(new Promise(() => undefined), 20, () => new Error('late'));
    await expect(promise).rejects.toThrow('late');
  });

  it('should settle like the task when it is in time', async () => {
    const { promise } = withDeadline(
      Promise.resolve(5),
      1000,
      () => new GuildError('TIMEOUT', 'x'),
    );
    await expect(promise).resolves.toBe(5);
  });
});

describe(settleWithin, () => {
  it('should say late, fulfilled or rejected, never reject', async () => {
    expect(await settleWithin(new Promise(() => undefined), 10)).toEqual({ status: 'late' });
    expect(await settleWithin(Promise.resolve(1), 10)).toEqual({ status: 'fulfilled' });
    expect(await settleWithin(Promise.reject(new Error('e')), 10)).toMatchObject({
      status: 'rejected',
    });
  });
});
