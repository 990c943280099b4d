import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GuildSpecError } from '../errors/guild-spec-error';

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
    await import(pathToFileURL(path).href);
  }
}
