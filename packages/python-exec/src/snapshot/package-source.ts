import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PACKAGE_INDEX, type ExecutorConfig } from '../config/executor-config';
import { PythonExecError } from '../errors/python-exec-error';

interface LockEntry {
  name: string;
  file_name: string;
  sha256?: string;
  depends?: string[];
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

const HOW_TO =
  'Packages are installed when the interpreter snapshot is built. Offline, set package_index to a ' +
  'local directory holding either a Pyodide distribution (pyodide-lock.json plus its wheels, e.g. an ' +
  'unpacked pyodide release) or the .whl files of the packages (pure-Python wheels work everywhere).';

/** PEP 503 normalized project name. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function unavailable(message: string, details: Record<string, string>): PythonExecError {
  return new PythonExecError('PACKAGE_UNAVAILABLE', `${message} ${HOW_TO}`, { details });
}

function lockEntries(lock: Lockfile, wanted: string[], index: string): LockEntry[] {
  const byName = new Map(
    Object.entries(lock.packages).map(([k, v]) => [normalizePackageName(k), v]),
  );
  const found = new Map<string, LockEntry>();
  const visit = (name: string, requiredBy?: string) => {
    const key = normalizePackageName(name);
    if (found.has(key)) return;
    const entry = byName.get(key);
    if (!entry) {
      const why = requiredBy ? ` (required by '${requiredBy}')` : '';
      throw unavailable(`Package '${name}'${why} is not in the package index '${index}'.`, {
        package: name,
        package_index: index,
      });
    }
    found.set(key, entry);
    for (const dep of entry.depends ?? []) visit(dep, name);
  };
  wanted.forEach((name) => {
    visit(name);
  });
  return [...found.values()];
}

function fromWheelDirectory(dir: string, wanted: string[]): string[] {
  const wheels = readdirSync(dir).filter((f) => f.endsWith('.whl'));
  return wanted.map((name) => {
    const key = normalizePackageName(name);
    const matches = wheels
      .filter((f) => normalizePackageName(f.split('-')[0] ?? '') === key)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const wheel = matches.at(-1);
    if (wheel === undefined) {
      throw unavailable(
        `Package '${name}' has no wheel in '${dir}' (found: ${wheels.join(', ') || 'none'}).`,
        { package: name, package_index: dir },
      );
    }
    return join(dir, wheel);
  });
}

function fromDirectory(index: string, wanted: string[]): string[] {
  const dir = resolve(index);
  if (!existsSync(dir)) {
    throw unavailable(`package_index directory '${dir}' does not exist.`, { package_index: dir });
  }
  const lockPath = join(dir, 'pyodide-lock.json');
  if (!existsSync(lockPath)) return fromWheelDirectory(dir, wanted);
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Lockfile;
  return lockEntries(lock, wanted, dir).map((entry) => {
    const file = join(dir, entry.file_name);
    if (!existsSync(file)) {
      throw unavailable(`'${entry.file_name}' is listed in ${lockPath} but missing.`, {
        package: entry.name,
        package_index: dir,
      });
    }
    return file;
  });
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

async function fromUrl(index: string, wanted: string[], cacheDir: string): Promise<string[]> {
  const base = index.endsWith('/') ? index : `${index}/`;
  const wheelDir = join(cacheDir, 'wheels');
  mkdirSync(wheelDir, { recursive: true });
  let lock: Lockfile;
  try {
    lock = JSON.parse((await download(`${base}pyodide-lock.json`)).toString('utf8')) as Lockfile;
  } catch (error) {
    const why =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : '';
    throw unavailable(`Cannot read the package index '${base}' (${why}).`, {
      package: wanted.join(', '),
      package_index: base,
    });
  }
  const files: string[] = [];
  for (const entry of lockEntries(lock, wanted, base)) {
    const file = join(wheelDir, entry.file_name);
    if (!existsSync(file)) {
      const bytes = await download(`${base}${entry.file_name}`).catch((error: unknown) => {
        throw unavailable(`Downloading '${entry.file_name}' failed (${String(error)}).`, {
          package: entry.name,
          package_index: base,
        });
      });
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (entry.sha256 !== undefined && digest !== entry.sha256) {
        throw unavailable(`'${entry.file_name}' failed its sha256 check.`, {
          package: entry.name,
          package_index: base,
        });
      }
      writeFileSync(`${file}.tmp`, bytes);
      renameSync(`${file}.tmp`, file);
    }
    files.push(file);
  }
  return files;
}

/** Resolves `packages` to local wheel files (downloading into the cache for a URL index). */
export async function resolvePackages(config: ExecutorConfig, cacheDir: string): Promise<string[]> {
  if (config.packages.length === 0) return [];
  const index = config.packageIndex ?? DEFAULT_PACKAGE_INDEX;
  if (/^https?:\/\//i.test(index)) return fromUrl(index, config.packages, cacheDir);
  return fromDirectory(index, config.packages);
}
