import { ownValue, resolverRegistry } from '@guildkit/core';

type Raw = Record<string, unknown>;

function mapping(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : undefined;
}

function classNames(dependencyMap: unknown): string[] {
  return Object.values(mapping(dependencyMap) ?? {})
    .map((entry) => ownValue(mapping(entry) ?? {}, 'class_name'))
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Loads the resolver classes a spec names that can be loaded at once (registered, or lazily
 * registered and installed where the spec is), so their `static propertySchema` validates the
 * spec's `properties`. A class that cannot be loaded now is checked by name only.
 */
export function preloadResolverClasses(spec: unknown, baseDir: string): void {
  const raw = mapping(spec) ?? {};
  const agents = ownValue(raw, 'agents');
  const names = [
    ...classNames(ownValue(raw, 'dependency_map')),
    ...(Array.isArray(agents) ? agents : []).flatMap((agent: unknown) =>
      classNames(ownValue(mapping(agent) ?? {}, 'dependency_map')),
    ),
  ];
  for (const name of new Set(names)) resolverRegistry.peek(name, { basePath: baseDir });
}
