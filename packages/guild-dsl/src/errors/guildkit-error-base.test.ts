import { GuildError, GuildkitError } from '@guildkit/core';
import { PythonExecError } from '@guildkit/python-exec';
import { GuildSpecError } from './guild-spec-error';

describe('the one GuildkitError base', () => {
  const errors = [
    new GuildError('AGENT_NOT_FOUND', 'no agent'),
    new GuildSpecError('SPEC_INVALID', 'bad spec'),
    new PythonExecError('INVALID_PROPERTIES', 'bad properties', { details: { property: 'x' } }),
  ];

  it('should be the base of every package error, by class and by brand', () => {
    for (const error of errors) {
      expect(error).toBeInstanceOf(GuildkitError);
      expect(error).toBeInstanceOf(Error);
      expect(GuildkitError.is(error)).toBe(true);
      expect(GuildkitError.is(error, error.code)).toBe(true);
    }
    expect(GuildkitError.is(new Error('x'))).toBe(false);
  });

  it('should keep each package check to its own errors', () => {
    expect(errors.map((e) => GuildError.is(e))).toEqual([true, false, false]);
    expect(errors.map((e) => GuildSpecError.is(e))).toEqual([false, true, false]);
    expect(errors.map((e) => PythonExecError.is(e))).toEqual([false, false, true]);
  });

  it('should serialise the same way', () => {
    expect(JSON.parse(JSON.stringify(errors[2]))).toEqual({
      name: 'PythonExecError',
      code: 'INVALID_PROPERTIES',
      message: 'bad properties',
      details: { property: 'x' },
    });
  });
});
