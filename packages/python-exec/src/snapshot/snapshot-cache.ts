import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PythonExecError } from '../errors/python-exec-error';
import { FrameDecoder, encodeFrame } from '../sandbox/frame-codec';
import { sandboxLaunch } from '../sandbox/os-sandbox';
import { runtimePaths } from '../sandbox/runtime-paths';
import { publishSnapshotBuild } from './snapshot-build-events';

/** What goes into an interpreter snapshot; each distinct one is built once and cached on disk. */
export interface SnapshotRecipe {
  defaultImports: Record<string, string>;
  /** Modules imported before the snapshot when they exist, so first use is fast. */
  preImports: string[];
  wheels: string[];
}

/** A checked snapshot: its bytes were read from a regular file and match the recorded hash. */
export interface Snapshot {
  path: string;
  bytes: Buffer;
}

type BuildReply =
  | { op: 'built' }
  | { op: 'failed'; kind: 'default_imports'; failed: Record<string, string> }
  | { op: 'failed'; kind: 'error'; error: string };

/** Snapshots are ~30 MB; a builder that sends more than this is broken or hostile. */
const MAX_SNAPSHOT_BYTES = 512 * 2 ** 20;
const BUILDER_MEMORY_BYTES = 4 * 2 ** 30;
const loading = new Map<string, Promise<Snapshot>>();

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function snapshotPath(recipe: SnapshotRecipe, cacheDir: string): string {
  const paths = runtimePaths();
  const hash = createHash('sha256');
  hash.update(paths.pyodideVersion);
  for (const file of ['guildkit_runtime.py', 'snapshot-builder.mjs']) {
    hash.update(readFileSync(join(paths.runtimeDir, file)));
  }
  hash.update(
    JSON.stringify([Object.entries(recipe.defaultImports).sort(), [...recipe.preImports].sort()]),
  );
  for (const wheel of recipe.wheels) hash.update(readFileSync(wheel));
  return join(cacheDir, `snapshot-${paths.pyodideVersion}-${hash.digest('hex').slice(0, 20)}.bin`);
}

/** The modification time says when a snapshot was last used (`guildkit cache prune` reads it). */
function markUsed(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // A read-only cache still works; it just cannot be pruned by age.
  }
}

/**
 * The cached snapshot at `path` if it is intact: a regular file (not a link, socket or FIFO)
 * whose content hash matches its `.sha256` record. Anything else is removed with a warning.
 */
export function readCachedSnapshot(path: string): Snapshot | undefined {
  const record = `${path}.sha256`;
  let kind: string;
  try {
    const stat = lstatSync(path);
    kind = stat.isFile() ? 'file' : 'not a regular file';
  } catch {
    return undefined;
  }
  if (kind === 'file') {
    try {
      const bytes = readFileSync(path);
      if (lstatSync(record).isFile() && readFileSync(record, 'utf8').trim() === sha256(bytes)) {
        markUsed(path);
        return { path, bytes };
      }
      kind = 'content does not match its recorded hash';
    } catch {
      kind = 'no readable hash record';
    }
  }
  process.emitWarning(
    `Guildkit python-exec: the cached snapshot ${path} is unusable (${kind}); rebuilding it.`,
    { code: 'GUILDKIT_SNAPSHOT_REBUILT' },
  );
  rmSync(path, { force: true, recursive: true });
  rmSync(record, { force: true, recursive: true });
  return undefined;
}

interface BuildResult {
  reply: BuildReply;
  snapshot?: Buffer | undefined;
}

function runBuilder(recipe: SnapshotRecipe): Promise<BuildResult> {
  const paths = runtimePaths();
  const launch = sandboxLaunch({
    script: join(paths.runtimeDir, 'snapshot-builder.mjs'),
    readPaths: [`${paths.pyodideDir}/`, `${paths.runtimeDir}/`],
    dataLimitBytes: BUILDER_MEMORY_BYTES,
    openFiles: 256,
  });
  return new Promise((resolve) => {
    let stderr = '';
    let result: BuildResult | undefined;
    const child = spawn(launch.command, [...launch.args, paths.pyodideDir], {
      env: {},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const decoder = new FrameDecoder({ maxFrameBytes: MAX_SNAPSHOT_BYTES, attachments: true });
    const failed = (error: string) => ({ reply: { op: 'failed', kind: 'error', error } as const });
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        const [frame] = decoder.push(chunk);
        if (frame) result = { reply: frame.message as BuildReply, snapshot: frame.attachments[0] };
      } catch (error) {
        result = failed((error as Error).message);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      resolve(result ?? failed(`builder exited (${signal ?? String(code)}): ${stderr}`));
    });
    const wheels = recipe.wheels.map((wheel) => readFileSync(wheel));
    const message = {
      op: 'build',
      defaultImports: recipe.defaultImports,
      whitelist: recipe.preImports,
    };
    for (const part of encodeFrame(message, wheels)) child.stdin.write(part);
  });
}

async function build(recipe: SnapshotRecipe, out: string): Promise<Snapshot> {
  const { reply, snapshot } = await runBuilder(recipe);
  if (reply.op === 'built' && snapshot !== undefined && snapshot.length > 0) {
    const bytes = Buffer.from(snapshot);
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o644 });
    writeFileSync(`${out}.sha256`, `${sha256(bytes)}\n`, { mode: 0o644 });
    renameSync(tmp, out);
    return { path: out, bytes };
  }
  if (reply.op === 'failed' && reply.kind === 'default_imports') {
    const [alias = '?', problem = ''] = Object.entries(reply.failed)[0] ?? [];
    throw new PythonExecError(
      'INVALID_PROPERTIES',
      `PythonExecExecutorResolver property 'default_imports.${alias}': ` +
        `'${recipe.defaultImports[alias] ?? ''}' cannot be imported (${problem}). ` +
        'Fix the module name, or install the package with `packages`.',
      { details: { property: `default_imports.${alias}`, failed: reply.failed } },
    );
  }
  const why = reply.op === 'failed' ? reply.error : 'no snapshot came back';
  throw new PythonExecError('SNAPSHOT_BUILD_FAILED', `Building the Python snapshot failed: ${why}`);
}

/**
 * The checked snapshot for `recipe`: read from the cache and checked, or built in a sandboxed
 * builder (once, even when asked concurrently).
 */
export function ensureSnapshot(recipe: SnapshotRecipe, cacheDir: string): Promise<Snapshot> {
  const out = snapshotPath(recipe, cacheDir);
  const building = loading.get(out);
  if (building) return building;
  const cached = readCachedSnapshot(out);
  if (cached) return Promise.resolve(cached);
  publishSnapshotBuild({ phase: 'start', path: out });
  const pending = build(recipe, out).then(
    (snapshot) => {
      publishSnapshotBuild({ phase: 'end', path: out, ok: true });
      return snapshot;
    },
    (error: unknown) => {
      publishSnapshotBuild({ phase: 'end', path: out, ok: false });
      throw error;
    },
  );
  void pending.finally(() => loading.delete(out)).catch(() => undefined);
  loading.set(out, pending);
  return pending;
}
