import { ErrorMessage } from './error-message';

/**
 * Other names of a message format, each mapped to the name on the wire. Routes, predicates and
 * filters written before Guildkit used upstream's qualified name still match (e.g.
 * `message_format: ErrorMessage`). The one place format names are aliased.
 */
export const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  ErrorMessage: ErrorMessage.format,
};

/** The wire name of `format` (itself when it has no alias). */
export function canonicalFormat(format: string): string {
  const alias = Object.hasOwn(FORMAT_ALIASES, format) ? FORMAT_ALIASES[format] : undefined;
  return alias ?? format;
}

/**
 * True when `wanted` (as a route, predicate or filter names it) and `actual` (a message's
 * format) name the same format.
 *
 * @example
 * sameFormat('ErrorMessage', 'rustic_ai.core.agents.commons.message_formats.ErrorMessage'); // true
 */
export function sameFormat(wanted: string, actual: string): boolean {
  return wanted === actual || canonicalFormat(wanted) === canonicalFormat(actual);
}
