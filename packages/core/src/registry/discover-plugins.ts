import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { agentRegistry } from './agent-registry';
import { type ClassRegistry } from './class-registry';
import { messagingBackendRegistry } from './messaging-backend-registry';
import { resolverRegistry } from './resolver-registry';
import { stateManagerRegistry } from './state-manager-registry';

/** The package.json field where a plugin declares the names it provides. */
export const PLUGIN_MANIFEST_FIELD = 'guildkit';

/**
 * A plugin's declaration in its package.json: spec names → `#Export` of the package (or a
 * full `package#Export`). Each kind fills one registry.
 *
 * @example
 * "guildkit": {
 *   "messaging": { "RedisMessagingBackend": "#RedisMessageBus" },
 *   "resolvers": { "PythonExecExecutorResolver": "#PythonExecExecutorResolver" }
 * }
 */
export interface PluginDeclaration {
  messaging?: Record<string, string>;
  resolvers?: Record<string, string>;
  agents?: Record<string, string>;
  stateManagers?: Record<string, string>;
}

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [PLUGIN_MANIFEST_FIELD]?: PluginDeclaration;
}

const registries: Record<keyof PluginDeclaration, ClassRegistry<unknown>> = {
  messaging: messagingBackendRegistry,
  resolvers: resolverRegistry,
  agents: agentRegistry,
  stateManagers: stateManagerRegistry,
};

const scanned = new Set<string>();

function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined; // an unreadable manifest declares nothing
  }
}

function nearest(start: string, relative: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function declare(manifest: Manifest, projectDir: string): void {
  const declaration = manifest[PLUGIN_MANIFEST_FIELD];
  if (typeof declaration !== 'object' || manifest.name === undefined) return;
  for (const kind of Object.keys(registries) as (keyof PluginDeclaration)[]) {
    for (const [name, target] of Object.entries(declaration[kind] ?? {})) {
      if (typeof target !== 'string') continue;
      const specifier = target.startsWith('#') ? `${manifest.name}${target}` : target;
      registries[kind].registerLazy(name, specifier, { basePath: projectDir });
    }
  }
}

/**
 * Registers the names a plugin's own package.json declares to the classes it exports, for the
 * plugin to call on import: its names are then written once, in the manifest. Names whose
 * export is not in `exports` are left to other calls.
 *
 * @example
 * registerPluginManifest(join(__dirname, '..', 'package.json'), { RedisMessageBus });
 */
export function registerPluginManifest(
  manifestPath: string,
  exports: Readonly<Record<string, unknown>>,
): void {
  const declaration = readManifest(manifestPath)?.[PLUGIN_MANIFEST_FIELD];
  for (const kind of Object.keys(registries) as (keyof PluginDeclaration)[]) {
    for (const [name, target] of Object.entries(declaration?.[kind] ?? {})) {
      const exportName = target.startsWith('#') ? target.slice(1) : target.split('#').pop();
      const value = exportName === undefined ? undefined : exports[exportName];
      if (value !== undefined) registries[kind].register(name, value);
    }
  }
}

/**
 * Registers the names the installed plugins declare (`PluginDeclaration`), as lazy aliases:
 * the project is the nearest package.json above `basePath` (the spec's directory) and above
 * the working directory; its own declaration and those of its dependencies count (and of
 * theirs, for dependencies that build on `@guildkit/core`). Synchronous, and each project is read once. A name already registered keeps its class.
 *
 * @example
 * discoverPlugins({ basePath: dirname(specFile) });
 * await messagingBackendRegistry.resolve('RedisMessagingBackend');
 */
export function discoverPlugins(options: { basePath?: string } = {}): void {
  for (const start of [options.basePath, process.cwd()]) {
    if (start === undefined) continue;
    const path = nearest(start, 'package.json');
    if (path === undefined || scanned.has(path)) continue;
    scanned.add(path);
    const project = readManifest(path);
    if (project === undefined) continue;
    declare(project, dirname(path));
    scanDependencies(project, { dir: dirname(path), projectDir: dirname(path), seen: new Set() });
  }
}

const CORE = '@guildkit/core';

/**
 * Declares what the installed dependencies of `manifest` provide; a dependency that itself
 * depends on core (e.g. `@guildkit/guild-dsl` on `@guildkit/python-exec`) is followed, so a
 * plugin a Guildkit package brings along counts too.
 */
function scanDependencies(
  manifest: Manifest,
  at: { dir: string; projectDir: string; seen: Set<string> },
): void {
  const names = Object.keys({
    ...manifest.peerDependencies,
    ...manifest.optionalDependencies,
    ...(at.dir === at.projectDir ? manifest.devDependencies : {}),
    ...manifest.dependencies,
  });
  for (const name of names) {
    const path = nearest(at.dir, join('node_modules', name, 'package.json'));
    if (path === undefined || at.seen.has(path)) continue;
    at.seen.add(path);
    const dependency = readManifest(path);
    if (dependency === undefined) continue;
    // its module resolves from where it was found (pnpm keeps it beside its dependent)
    declare(dependency, at.dir);
    const usesCore = { ...dependency.dependencies, ...dependency.peerDependencies }[CORE];
    if (usesCore !== undefined) {
      scanDependencies(dependency, { ...at, dir: realpathSync(dirname(path)) });
    }
  }
}
