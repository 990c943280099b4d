#!/usr/bin/env node
// The `guildkit` command. Runs the built CLI (dist/) when it is up to date; otherwise, in a
// source checkout, runs the TypeScript sources through tsx with the @guildkit/source condition.
// GUILDKIT_FROM_SOURCE=1 forces the sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const distEntry = join(packageDir, 'dist', 'cli', 'bin.js');
const sourceEntry = join(packageDir, 'src', 'cli', 'bin.ts');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function tsxLoader() {
  try {
    return pathToFileURL(require.resolve('tsx', { paths: [packageDir, process.cwd()] })).href;
  } catch {
    return undefined;
  }
}

function useSource() {
  if (!existsSync(sourceEntry)) return false;
  if (process.env.GUILDKIT_FROM_SOURCE === '1' || !existsSync(distEntry)) return true;
  return statSync(distEntry).mtimeMs < newestSource(join(packageDir, 'src'));
}

const loader = useSource() ? tsxLoader() : undefined;
if (loader === undefined) {
  if (!existsSync(distEntry)) {
    console.error(
      'guildkit: the CLI is not built. Run `pnpm build`, or install tsx to run it from source.',
    );
    process.exit(1);
  }
  require(distEntry);
} else {
  const child = spawn(
    process.execPath,
    ['--conditions=@guildkit/source', '--import', loader, sourceEntry, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // A terminal's Ctrl-C reaches both processes; the CLI ignores the repeated signal.
  const forward = (signal) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  child.on('exit', (code, signal) =>
    process.exit(code ?? (signal === null ? 1 : 128 + (numbers[signal] ?? 2))),
  );
}
