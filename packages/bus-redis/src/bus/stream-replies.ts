/** One stream entry as Redis returns it: `[id, [field, value, ...]]`; fields are null once trimmed. */
export interface StreamEntry {
  id: string;
  fields: string[] | null;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The entries of an `XRANGE`/`XAUTOCLAIM` entry list. */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    const fields: unknown = item[1];
    entries.push({ id: item[0], fields: isStringArray(fields) ? fields : null });
  }
  return entries;
}

/** `XREAD`/`XREADGROUP` reply: `[[stream, entries], ...]` or null on timeout. */
export function parseStreams(reply: unknown): { stream: string; entries: StreamEntry[] }[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((item: unknown) =>
    Array.isArray(item) && typeof item[0] === 'string'
      ? [{ stream: item[0], entries: parseEntries(item[1]) }]
      : [],
  );
}

/** A flat `[key, value, key, value]` reply (`XINFO`) as an object. */
export function parsePairs(reply: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const key: unknown = reply[i];
    if (typeof key === 'string') out[key] = reply[i + 1];
  }
  return out;
}

/** The value of `field` in an entry's flat field list. */
export function fieldOf(fields: string[], field: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === field) return fields[i + 1];
  return undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
