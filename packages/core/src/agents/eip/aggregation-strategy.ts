import { GuildError } from '../../errors/guild-error';
import { type JsonObject, type JsonValue } from '../../messaging/json';
import { checkJsonata, evaluateJsonata } from '../../routing/jsonata-expression';
import { readJsonPath } from '../../state/json-path';

/** Upstream's `PayloadWithFormat`: a collected message. */
export interface PayloadWithFormat extends JsonObject {
  type: string;
  data: JsonObject;
}

/** How collected messages are kept for one correlation id (upstream's collectors). */
export interface Collector {
  /** The correlation's collection with `entry` added. */
  add(collected: JsonValue | undefined, entry: PayloadWithFormat): JsonValue;
  /** The collected messages, for the aggregator. */
  messages(collected: JsonValue | undefined): JsonObject[];
}

/** Decides when a correlation is complete (upstream's aggregators). */
export interface Aggregator {
  evaluate(correlationId: string, messages: JsonObject[]): Promise<boolean>;
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (values: JsonValue[]): JsonObject[] => values.filter(isObject);

/** A value as upstream's `str()` makes it a key: `None` for a missing one. */
export function keyText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'None';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function invalid(where: string, text: string): GuildError {
  return new GuildError('SPEC_INVALID', `${where}: ${text}`);
}

/**
 * The collector of `properties.collector`: `{ collector_type: list }` (default),
 * `{ collector_type: dict, key_field = "id" }` (one entry per key, a later one replaces it) or
 * `{ collector_type: type }` (lists by message format).
 */
export function collectorOf(conf: JsonObject, where: string): Collector {
  switch (conf['collector_type'] ?? 'list') {
    case 'list':
      return {
        add: (c, entry) => [...(Array.isArray(c) ? c : []), entry],
        messages: (c) => (Array.isArray(c) ? objects(c) : []),
      };
    case 'dict': {
      const field = typeof conf['key_field'] === 'string' ? conf['key_field'] : 'id';
      return {
        add: (c, entry) => ({
          ...(isObject(c) ? c : {}),
          [keyText(readJsonPath(entry.data, field))]: entry,
        }),
        messages: (c) => (isObject(c) ? objects(Object.values(c)) : []),
      };
    }
    case 'type':
      return {
        add: (c, entry) => {
          const byType = isObject(c) ? c : {};
          const list = byType[entry.type];
          return { ...byType, [entry.type]: [...(Array.isArray(list) ? list : []), entry] };
        },
        messages: (c) =>
          isObject(c) ? Object.values(c).flatMap((l) => (Array.isArray(l) ? objects(l) : [])) : [],
      };
    default:
      throw invalid(
        `${where}.collector.collector_type`,
        `${JSON.stringify(conf['collector_type'])} is not list, dict or type.`,
      );
  }
}

function truthy(result: unknown): boolean {
  if (typeof result === 'boolean') return result;
  if (typeof result === 'number') return result !== 0;
  if (typeof result === 'string') return result.trim() !== '';
  return false;
}

/**
 * The aggregator of `properties.aggregator`: `{ aggregation_check: count, count }` (default
 * count 3), `{ aggregation_check: jsonata, expression }` over `{ messages, correlation_id, count,
 * message_types }`, or `{ aggregation_check: format_count, formats: [{ format, count = 1 }] }`.
 */
export function aggregatorOf(conf: JsonObject, where: string): Aggregator {
  switch (conf['aggregation_check'] ?? 'count') {
    case 'count': {
      const count = conf['count'] ?? 3;
      if (typeof count !== 'number') throw invalid(`${where}.aggregator.count`, 'needs a number.');
      return { evaluate: (_, messages) => Promise.resolve(messages.length >= count) };
    }
    case 'jsonata': {
      const expression = typeof conf['expression'] === 'string' ? conf['expression'] : '';
      checkJsonata(expression, `${where}.aggregator.expression`);
      return {
        async evaluate(correlationId, messages) {
          const input = {
            messages,
            correlation_id: correlationId,
            count: messages.length,
            message_types: messages.filter((m) => 'type' in m).map((m) => m['type'] ?? null),
          };
          // Upstream counts an expression that fails as "not complete yet".
          return truthy(await evaluateJsonata(expression, input, where).catch(() => false));
        },
      };
    }
    case 'format_count': {
      const formats = Array.isArray(conf['formats']) ? objects(conf['formats']) : [];
      const wanted = new Map(formats.map((f) => [keyText(f['format']), Number(f['count'] ?? 1)]));
      return {
        // As upstream: counts each collected entry's `format` key (its entries carry `type`).
        evaluate(_, messages) {
          const seen = new Map<string, number>();
          for (const m of messages) {
            const format = keyText(m['format']);
            if (wanted.has(format)) seen.set(format, (seen.get(format) ?? 0) + 1);
          }
          return Promise.resolve([...wanted].every(([f, n]) => (seen.get(f) ?? 0) >= n));
        },
      };
    }
    default:
      throw invalid(
        `${where}.aggregator.aggregation_check`,
        `${JSON.stringify(conf['aggregation_check'])} is not count, jsonata or format_count.`,
      );
  }
}
