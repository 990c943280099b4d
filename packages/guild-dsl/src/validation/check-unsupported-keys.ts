import { ownValue } from '@guildkit/core';
import { type SpecPath } from '../loader/spec-path';
import { UNSUPPORTED_KEYS } from '../schema/unsupported-keys';
import { type ProblemCollector } from './problem-collector';

type Raw = Record<string, unknown>;

function mapping(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Raw)
    : undefined;
}

/** The mappings at a pattern (`*` is any list index), with their paths. */
function mappingsAt(value: unknown, pattern: readonly string[], path: SpecPath): [Raw, SpecPath][] {
  const [head, ...rest] = pattern;
  if (head === undefined) {
    const found = mapping(value);
    return found === undefined ? [] : [[found, path]];
  }
  if (head === '*') {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) => mappingsAt(item, rest, [...path, i]));
  }
  const parent = mapping(value);
  return parent === undefined ? [] : mappingsAt(ownValue(parent, head), rest, [...path, head]);
}

/**
 * Warns (`UNSUPPORTED_KEY`, at the key) for each value-dependent entry of `UNSUPPORTED_KEYS`
 * the spec uses, e.g. `client_type: …MessageTrackingClient`. The unconditional entries are the
 * schema's `ignored` keys, which schema validation warns about.
 *
 * @example
 * checkUnsupportedKeys(renderedSpec, collector);
 */
export function checkUnsupportedKeys(spec: unknown, collector: ProblemCollector): void {
  for (const entry of UNSUPPORTED_KEYS) {
    const { when } = entry;
    const key = entry.at[entry.at.length - 1];
    if (when === undefined || key === undefined) continue;
    for (const [parent, path] of mappingsAt(spec, entry.at.slice(0, -1), [])) {
      const value = ownValue(parent, key);
      if (value === undefined || value === null || !when.test(value, parent)) continue;
      collector.add({
        code: 'UNSUPPORTED_KEY',
        severity: 'warning',
        path: [...path, key],
        atKey: true,
        message: `${when.what} is not supported: ${entry.instead}`,
      });
    }
  }
}
