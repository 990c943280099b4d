import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { agentRegistry, describeThrown, resolverRegistry } from '@guildkit/core';
import { discoverPlugins } from '@guildkit/core/plugin';
import { GuildSpecError } from '../errors/guild-spec-error';
import { cacheCommand } from './cache-command';
import { type CliIO, processIO } from './cli-io';
import { colorsFor } from './colors';
import { initCommand } from './init-command';
import { parseArgs } from './parse-args';
import { requireModules } from './require-modules';
import { runCommand } from './run-command';
import { schemaCommand } from './schema-command';
import { USAGE } from './usage';
import { validateCommand } from './validate-command';

function version(): string {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version;
}

/**
 * Runs the `guildkit` command and resolves to its exit code: 0 success, 1 failure or an invalid
 * spec, 2 a usage error.
 *
 * @example
 * process.exitCode = await main(['validate', 'guild.yaml']);
 */
export async function main(
  args: readonly string[],
  options: {
    io?: CliIO;
    interrupted?: Promise<void>;
    /** Makes TypeScript agent modules loadable for the spec (the `guildkit` command passes it). */
    loadTypeScript?: (specPath: string) => Promise<void>;
  } = {},
): Promise<number> {
  const io = options.io ?? processIO();
  const interrupted = options.interrupted ?? new Promise<void>(() => undefined);
  try {
    const command = parseArgs(args);
    switch (command.command) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${version()}\n`);
        return 0;
      case 'schema':
        await requireModules(command.requires);
        return schemaCommand(io);
      case 'init':
        return initCommand(command, io);
      case 'cache':
        return cacheCommand(command, io);
      case 'validate':
        await options.loadTypeScript?.(command.spec);
        await requireModules(command.requires);
        // before listing known names: installed plugins declare theirs in package.json
        discoverPlugins({ basePath: dirname(resolve(command.spec)) });
        return await validateCommand(command, {
          io,
          known: {
            agentClasses: agentRegistry.knownNames(),
            resolverClasses: resolverRegistry.knownNames(),
          },
        });
      case 'run':
        await options.loadTypeScript?.(command.spec);
        discoverPlugins({ basePath: dirname(resolve(command.spec)) });
        return await runCommand(command, { io, interrupted });
    }
  } catch (error) {
    const colors = colorsFor(io.stderr, io.env);
    const message = describeThrown(error).message;
    io.stderr.write(`${colors.red(`guildkit: ${message}`)}\n`);
    return GuildSpecError.is(error, 'CLI_USAGE') ? 2 : 1;
  }
}
