// Makes sure pnpm 10 and the workspace dependencies are installed, so that `npm test`,
// `npm run demo` and `npm run bench` work on a fresh machine that has only Node >= 20.19.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@10.34.9';

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(
      `Guildkit needs Node >= 20.19 (this is ${process.version}). Install a newer Node and retry.`,
    );
    process.exit(1);
  }
}

/** The command that runs pnpm 10: a global one if present, otherwise through npx. */
export function pnpmCommand() {
  try {
    const version = execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (version.trim().startsWith('10.')) return ['pnpm'];
  } catch {
    // not installed: fall through to npx
  }
  return ['npx', '--yes', PNPM];
}

function installed() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= statSync(join(root, 'pnpm-lock.yaml')).mtimeMs;
}

export function ensureDeps() {
  checkNode();
  if (installed()) return;
  const [cmd, ...args] = pnpmCommand();
  console.error(`Installing dependencies with ${PNPM} ...`);
  const result = spawnSync(cmd, [...args, 'install', '--frozen-lockfile'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('Dependency installation failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

/** Runs a command in the repository root, inheriting stdio; resolves to its exit code. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
