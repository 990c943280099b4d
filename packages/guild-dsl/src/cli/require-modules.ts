import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GuildSpecError } from '../errors/guild-spec-error';

async function load(path: string): Promise<void> {
  try {
    // require first: the TypeScript hook covers require, and a .ts file in any module format.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    require(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    await import(pathToFileURL(path).href);
  }
}

/**
 * Imports `--require` modules (paths relative to the working directory, or package names), e.g.
 * modules that register agent classes, before a spec is validated or launched.
 */
export async function requireModules(modules: readonly string[]): Promise<void> {
  for (const module of modules) {
    const target = module.startsWith('.') || isAbsolute(module) ? resolve(module) : module;
    let path: string;
    try {
      path = require.resolve(target, { paths: [process.cwd()] });
    } catch (error) {
      throw new GuildSpecError(
        'CLI_USAGE',
        `--require ${module}: cannot find the module from ${process.cwd()}. Check the path.`,
        { cause: error },
      );
    }
    await load(path);
  }
}
