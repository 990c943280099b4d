import { GuildError } from '../errors/guild-error';

/** The GuildError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<GuildError> {
  try {
    await promise;
  } catch (error) {
    if (GuildError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a GuildError rejection, but the promise resolved.');
}

/** The GuildError a function throws; fails the test if it returns or throws otherwise. */
export function errorOf(fn: () => unknown): GuildError {
  try {
    fn();
  } catch (error) {
    if (GuildError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a GuildError, but nothing was thrown.');
}
