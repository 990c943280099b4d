import type Mustache from 'mustache';
import { SPEC_LIMITS } from './spec-limits';

/** The longest list and the longest scalar (as text) anywhere in a configuration. */
export interface ConfigurationExtent {
  longestList: number;
  longestText: number;
}

/**
 * Measures a configuration once, iteratively (it may be large), for `renderedSize`.
 *
 * @example
 * configurationExtent({ l: [1, 2, 3], name: 'abc' }); // { longestList: 3, longestText: 3 }
 */
export function configurationExtent(configuration: unknown): ConfigurationExtent {
  const extent = { longestList: 0, longestText: 0 };
  const pending: unknown[] = [configuration];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'object' && value !== null) {
      const items = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
      if (Array.isArray(value)) extent.longestList = Math.max(extent.longestList, items.length);
      for (const item of items) pending.push(item);
    } else {
      extent.longestText = Math.max(extent.longestText, String(value).length);
    }
  }
  return extent;
}

/**
 * An upper bound of the length of a Mustache template's output, computed from its tokens
 * without rendering it: a section repeats its body once per item of the longest list, so nested
 * sections multiply (nine sections over nine items: 9^9 copies). Stops counting past `limit`;
 * sections nested deeper than `SPEC_LIMITS.maxDepth` count as unlimited.
 *
 * @example
 * const extent = { longestList: 9, longestText: 1 };
 * renderedSize(Mustache.parse('{{#l}}{{#l}}x{{/l}}{{/l}}'), { extent, limit: 1e6 }); // 81
 */
export function renderedSize(
  tokens: Mustache.TemplateSpans,
  bound: { extent: ConfigurationExtent; limit: number; times?: number; depth?: number },
): number {
  const { extent, limit } = bound;
  const times = bound.times ?? 1;
  const depth = bound.depth ?? 0;
  // Rendering recurses once per nested section: deeper than the spec's own depth is refused.
  if (depth > SPEC_LIMITS.maxDepth) return Infinity;
  let size = 0;
  for (const token of tokens) {
    const [type, value] = token;
    if (type === 'text') size += value.length * times;
    else if (type === 'name' || type === '&') size += extent.longestText * times;
    else if (type === '#' || type === '^') {
      const children = (token as unknown as unknown[])[4] as Mustache.TemplateSpans | undefined;
      const repeat = type === '#' ? Math.max(extent.longestList, 1) : 1;
      const nested = { extent, limit, times: times * repeat, depth: depth + 1 };
      size += renderedSize(children ?? [], nested);
    }
    if (size > limit) return Infinity;
  }
  return size;
}
