import { isAbsolute, resolve } from 'node:path';
import { type DependencySpec, type GuildSpec } from '@guildkit/core';

/**
 * Resolver properties that name a local path: a relative one means "from the spec's directory",
 * like `class_name` and `!include` (a URL is left as it is).
 */
export const SPEC_RELATIVE_PROPERTIES = ['package_index'] as const;

function resolveDependency(dependency: DependencySpec, baseDir: string): DependencySpec {
  const properties = dependency.properties;
  if (properties === undefined) return dependency;
  let changed: Record<string, string> | undefined;
  for (const key of SPEC_RELATIVE_PROPERTIES) {
    const value = properties[key];
    if (
      typeof value === 'string' &&
      value !== '' &&
      !isAbsolute(value) &&
      !/^[a-z][a-z0-9+.-]*:/i.test(value)
    ) {
      (changed ??= {})[key] = resolve(baseDir, value);
    }
  }
  return changed === undefined
    ? dependency
    : { ...dependency, properties: { ...properties, ...changed } };
}

function resolveMap(
  map: Record<string, DependencySpec>,
  baseDir: string,
): Record<string, DependencySpec> {
  return Object.fromEntries(
    Object.entries(map).map(([key, dependency]) => [key, resolveDependency(dependency, baseDir)]),
  );
}

/**
 * `spec` with relative local paths in resolver properties (`SPEC_RELATIVE_PROPERTIES`) made
 * absolute from `baseDir`, in the guild's and every agent's `dependency_map`.
 *
 * @example
 * resolveSpecRelativePaths(spec, '/project'); // package_index: ./wheels → /project/wheels
 */
export function resolveSpecRelativePaths(spec: GuildSpec, baseDir: string): GuildSpec {
  return {
    ...spec,
    dependencyMap: resolveMap(spec.dependencyMap, baseDir),
    agents: spec.agents.map((agent) => ({
      ...agent,
      dependencyMap: resolveMap(agent.dependencyMap, baseDir),
    })),
  };
}
