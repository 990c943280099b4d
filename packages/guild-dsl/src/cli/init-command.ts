import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { GuildSpecError } from '../errors/guild-spec-error';
import { type CliIO } from './cli-io';
import { projectTemplate } from './project-template';

function packageVersion(): string {
  const path = join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return name === '' ? 'my-guild' : name;
}

/**
 * `guildkit init [dir]`: writes a project (package.json, guild.yaml, a TypeScript code agent, a
 * tsconfig) into `dir`, default the working directory, refusing to overwrite any file.
 */
export function initCommand(command: { dir: string }, io: CliIO): number {
  const dir = resolve(command.dir);
  const files = projectTemplate({ name: packageName(dir), version: packageVersion() });
  const existing = Object.keys(files).filter((file) => existsSync(join(dir, file)));
  if (existing.length > 0) {
    throw new GuildSpecError(
      'CLI_USAGE',
      `init: ${dir} already has ${existing.join(', ')}; nothing was written. Use an empty directory.`,
    );
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const cd = relative(process.cwd(), dir);
  io.stdout.write(
    `Created ${Object.keys(files).join(', ')} in ${dir}\n\nNext:\n` +
      `${cd === '' ? '' : `  cd ${cd}\n`}  npm install\n` +
      `  npx guildkit run guild.yaml --send CodeRequest '{"code": "output = 6 * 7"}'\n` +
      '  npm start    # a Python prompt served by the code agent\n',
  );
  return 0;
}
