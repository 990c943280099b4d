import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PythonExecError } from '../errors/python-exec-error';
import { launchCommand } from '../sandbox/launch-command';
import { runtimePaths } from '../sandbox/runtime-paths';

/** What goes into an interpreter snapshot; each distinct one is built once and cached on disk. */
export interface SnapshotRecipe {
  defaultImports: Record<string, string>;
  /** Modules imported before the snapshot when they exist, so first use is fast. */
  preImports: string[];
  wheels: string[];
}

type BuildReply =
  | { op: 'built'; out: string }
  | { op: 'failed'; kind: 'default_imports'; failed: Record<string, string> }
  | { op: 'failed'; kind: 'error'; error: string };

const building = new Map<string, Promise<string>>();

function snapshotPath(recipe: SnapshotRecipe, cacheDir: string): string {
  const paths = runtimePaths();
  const hash = createHash('sha256');
  hash.update(paths.pyodideVersion);
  hash.update(readFileSync(join(paths.runtimeDir, 'guildkit_runtime.py')));
  hash.update(readFileSync(join(paths.runtimeDir, 'snapshot-builder.mjs')));
  hash.update(
    JSON.stringify([Object.entries(recipe.defaultImports).sort(), [...recipe.preImports].sort()]),
  );
  for (const wheel of recipe.wheels) hash.update(readFileSync(wheel));
  return join(cacheDir, `snapshot-${paths.pyodideVersion}-${hash.digest('hex').slice(0, 20)}.bin`);
}

function runBuilder(recipe: SnapshotRecipe, out: string, cacheDir: string): Promise<BuildReply> {
  const paths = runtimePaths();
  const launch = launchCommand({
    script: join(paths.runtimeDir, 'snapshot-builder.mjs'),
    readPaths: [`${paths.pyodideDir}/`, `${paths.runtimeDir}/`, `${cacheDir}/`, ...recipe.wheels],
    writePaths: [`${cacheDir}/`],
  });
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(launch.command, launch.args, {
      env: {},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)),
    );
    let reply: BuildReply | undefined;
    child.on('message', (message: BuildReply) => (reply = message));
    child.on('exit', (code) => {
      resolve(
        reply ?? {
          op: 'failed',
          kind: 'error',
          error: `builder exited (${String(code)}): ${stderr}`,
        },
      );
    });
    child.send({
      pyodideUrl: paths.pyodideUrl,
      indexURL: `${paths.pyodideDir}/`,
      runtimePath: join(paths.runtimeDir, 'guildkit_runtime.py'),
      wheels: recipe.wheels,
      defaultImports: recipe.defaultImports,
      whitelist: recipe.preImports,
      out,
    });
  });
}

async function build(recipe: SnapshotRecipe, out: string, cacheDir: string): Promise<string> {
  const reply = await runBuilder(recipe, out, cacheDir);
  if (reply.op === 'built') return reply.out;
  if (reply.kind === 'default_imports') {
    const [alias = '?', problem = ''] = Object.entries(reply.failed)[0] ?? [];
    throw new PythonExecError(
      'INVALID_PROPERTIES',
      `PythonExecExecutorResolver property 'default_imports.${alias}': ` +
        `'${recipe.defaultImports[alias] ?? ''}' cannot be imported (${problem}). ` +
        'Fix the module name, or install the package with `packages`.',
      { details: { property: `default_imports.${alias}`, failed: reply.failed } },
    );
  }
  throw new PythonExecError(
    'SNAPSHOT_BUILD_FAILED',
    `Building the Python snapshot failed: ${reply.error}`,
  );
}

/**
 * Returns the path of the snapshot for `recipe`, building it (once, even when asked concurrently)
 * when it is not cached yet.
 */
export function ensureSnapshot(recipe: SnapshotRecipe, cacheDir: string): Promise<string> {
  const out = snapshotPath(recipe, cacheDir);
  if (existsSync(out)) return Promise.resolve(out);
  let pending = building.get(out);
  if (!pending) {
    pending = build(recipe, out, cacheDir).finally(() => building.delete(out));
    building.set(out, pending);
  }
  return pending;
}
