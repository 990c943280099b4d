import { formatSchemaPath } from '@guildkit/core';

/** A path into a spec: mapping keys and list indexes. */
export type SpecPath = readonly (string | number)[];

/**
 * Formats a path as problems show it: `agents[1].dependency_map.code_executor` (core's
 * `formatSchemaPath`, which the schema engine's own problems use too).
 *
 * @example
 * formatPath(['agents', 1, 'name']); // 'agents[1].name'
 */
export function formatPath(path: SpecPath): string {
  return formatSchemaPath(path);
}
