import type * as JestGlobals from '@jest/globals';
import { GuildError } from '../errors/guild-error';

/** The Jest functions the contract suites register their tests with. */
export type JestApi = Pick<
  typeof JestGlobals,
  'describe' | 'it' | 'expect' | 'beforeEach' | 'afterEach'
>;

/**
 * Jest's functions, loaded when a contract suite is run rather than when
 * `@guildkit/core/testing` is imported: `@jest/globals` throws at load outside a Jest test
 * file (and is an optional peer), and `waitUntil`/`testMessage` must work anywhere.
 *
 * @example
 * const { describe, it, expect } = jestApi('runStateManagerContract');
 */
export function jestApi(suite: string): JestApi {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above); Jest answers this require with the calling file's globals
    return require('@jest/globals') as typeof JestGlobals;
  } catch (error) {
    throw new GuildError(
      'JEST_UNAVAILABLE',
      `${suite} must be called inside a Jest test file: it registers describe/it blocks ` +
        'through @jest/globals (install jest, and call it at the top level of a *.test.ts file).',
      { cause: error, details: { suite } },
    );
  }
}
