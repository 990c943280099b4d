import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GuildError } from '../errors/guild-error';
import { describeThrown } from '../faults/describe-thrown';

export interface LoadExportOptions {
  /** Directory to resolve the module from first (e.g. the spec file's directory). */
  basePath?: string;
}

/** Splits `package#Export` (or `./file.js#Export`); undefined when there is no `#`. */
export function parseSpecifier(
  specifier: string,
): { module: string; exportName: string } | undefined {
  const hash = specifier.lastIndexOf('#');
  if (hash <= 0) return undefined;
  return { module: specifier.slice(0, hash), exportName: specifier.slice(hash + 1) || 'default' };
}

function resolveModule(module: string, options: LoadExportOptions): string {
  const cwd = process.cwd();
  if (module.startsWith('.') || isAbsolute(module)) {
    return require.resolve(
      isAbsolute(module) ? module : resolvePath(options.basePath ?? cwd, module),
    );
  }
  const paths = options.basePath === undefined ? [cwd] : [options.basePath, cwd];
  return require.resolve(module, { paths });
}

function requireOrImport(path: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module's own require honours Jest's and tsx's loaders
    return require(path) as unknown;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE') {
      return import(pathToFileURL(path).href);
    }
    throw error;
  }
}

/**
 * Loads one export synchronously when its module is CommonJS and can be found; undefined
 * otherwise (never throws). For what must be known at once, e.g. a resolver's property schema
 * while a spec is validated.
 *
 * @example
 * const Ctor = loadExportSync('@guildkit/python-exec#PythonExecExecutorResolver');
 */
export function loadExportSync(specifier: string, options: LoadExportOptions = {}): unknown {
  const parsed = parseSpecifier(specifier);
  if (parsed === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see requireOrImport
    const exports = require(resolveModule(parsed.module, options)) as Record<string, unknown>;
    return Object.hasOwn(exports, parsed.exportName) ? exports[parsed.exportName] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads one export of a module named by a `package#Export` specifier, resolving the package
 * from `basePath` first and then from the working directory. Honors the active export
 * conditions, so `@guildkit/source` loads TypeScript sources under Jest and tsx, and plain
 * node loads `dist`.
 *
 * @example
 * const Ctor = await loadExport('@guildkit/python-exec#PythonExecExecutorResolver', { basePath: __dirname });
 */
export async function loadExport(
  specifier: string,
  options: LoadExportOptions = {},
): Promise<unknown> {
  const parsed = parseSpecifier(specifier);
  if (parsed === undefined) {
    throw new GuildError(
      'MODULE_LOAD_FAILED',
      `"${specifier}" is not a "package#Export" specifier.`,
    );
  }
  let loaded: unknown;
  try {
    loaded = await requireOrImport(resolveModule(parsed.module, options));
  } catch (error) {
    const from = [options.basePath, process.cwd()].filter((p) => p !== undefined).join(', ');
    throw new GuildError(
      'MODULE_LOAD_FAILED',
      `Cannot load module "${parsed.module}" for "${specifier}" (resolved from ${from}): ${describeThrown(error).message}. ` +
        'Install the package in the project that holds the spec, or fix the path.',
      { cause: error, details: { specifier, module: parsed.module } },
    );
  }
  const exports = (loaded ?? {}) as Record<string, unknown>;
  if (!(parsed.exportName in exports)) {
    throw new GuildError(
      'CLASS_NOT_FOUND',
      `Module "${parsed.module}" has no export "${parsed.exportName}" (for "${specifier}"). ` +
        `Its exports: ${Object.keys(exports).sort().join(', ') || '(none)'}.`,
      { details: { specifier, exports: Object.keys(exports) } },
    );
  }
  return exports[parsed.exportName];
}
