import Mustache from 'mustache';
import { closestName } from '@guildkit/core';
import { type ProblemCollector } from '../validation/problem-collector';
import { emptyRecord, ownValue } from '@guildkit/core';
import { configurationExtent, renderedSize, type ConfigurationExtent } from './rendered-size';
import { SPEC_LIMITS } from './spec-limits';
import { type SpecPath } from './spec-path';

type View = Record<string, unknown>;

const missing = Symbol('missing');

function lookup(view: View, name: string): unknown {
  if (name === '.') return view;
  let current: unknown = view;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) {
      return missing;
    }
    current = (current as View)[part];
  }
  return current;
}

interface RenderContext {
  configuration: View;
  collector: ProblemCollector;
  extent: ConfigurationExtent;
  /** Characters the rendered strings may still have in all (`SPEC_LIMITS.maxRenderedChars`). */
  remaining: number;
}

function renderString(text: string, path: SpecPath, ctx: RenderContext): unknown {
  if (!text.includes('{{')) return text;
  let spans: Mustache.TemplateSpans;
  try {
    spans = Mustache.parse(text);
  } catch (error) {
    ctx.collector.add({ path, message: `invalid Mustache template: ${(error as Error).message}` });
    return text;
  }
  for (const [type, name] of spans) {
    if ((type === 'name' || type === '&') && lookup(ctx.configuration, name) === missing) {
      ctx.collector.add({
        path,
        message: `'{{ ${name} }}' is not defined in configuration; add it there`,
        suggestion: closestName(name, Object.keys(ctx.configuration)),
      });
    }
  }
  const size = renderedSize(spans, { extent: ctx.extent, limit: ctx.remaining });
  if (size > ctx.remaining) {
    ctx.collector.add({
      code: 'LIMIT_EXCEEDED',
      path,
      message: `this template was not rendered: with configuration it would take the spec over ${SPEC_LIMITS.maxRenderedChars} rendered characters (nested sections over lists multiply), or its sections are nested deeper than ${SPEC_LIMITS.maxDepth}`,
    });
    ctx.remaining = 0;
    return text;
  }
  ctx.remaining -= size;
  const only = spans.length === 1 ? spans[0] : undefined;
  if (only !== undefined && (only[0] === 'name' || only[0] === '&')) {
    const value = lookup(ctx.configuration, only[1]);
    if (value !== missing && typeof value !== 'string') return value;
  }
  return Mustache.render(text, ctx.configuration, {}, { escape: String });
}

function renderValue(value: unknown, path: SpecPath, ctx: RenderContext): unknown {
  if (typeof value === 'string') return renderString(value, path, ctx);
  if (Array.isArray(value)) return value.map((item, i) => renderValue(item, [...path, i], ctx));
  if (typeof value === 'object' && value !== null) {
    const rendered = emptyRecord();
    for (const [key, item] of Object.entries(value)) {
      rendered[key] = renderValue(item, [...path, key], ctx);
    }
    return rendered;
  }
  return value;
}

/**
 * Renders the guild's `configuration` with Mustache into its `agents` and `routes` (not into
 * `properties` or `dependency_map`). A string that is exactly one tag (`'{{ max_rows }}'`) takes
 * the configured value with its type, so an int stays an int; other strings are rendered as text,
 * without HTML escaping. Undefined names are reported as problems.
 *
 * @example
 * renderConfiguration({ spec, collector }); // spec.agents[0].name: '{{ agent1 }}' -> 'asdf'
 */
export function renderConfiguration(options: {
  spec: Record<string, unknown>;
  collector: ProblemCollector;
}): Record<string, unknown> {
  const { spec, collector } = options;
  const configuration = ownValue(spec, 'configuration');
  if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) {
    return spec;
  }
  const ctx: RenderContext = {
    configuration: configuration as View,
    collector,
    extent: configurationExtent(configuration),
    remaining: SPEC_LIMITS.maxRenderedChars,
  };
  const rendered = Object.assign(emptyRecord(), spec);
  for (const key of ['agents', 'routes']) {
    if (Object.hasOwn(spec, key)) rendered[key] = renderValue(spec[key], [key], ctx);
  }
  return rendered;
}
