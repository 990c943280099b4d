import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonValue } from '@guildkit/core';
import { shownPath } from './save-output-files';

/** MIME types a terminal cannot show, written to files instead, with their extension. */
const SAVED: readonly [string, string, 'base64' | 'utf8'][] = [
  ['image/png', 'png', 'base64'],
  ['image/jpeg', 'jpg', 'base64'],
  ['image/svg+xml', 'svg', 'utf8'],
  ['text/html', 'html', 'utf8'],
];

let counter = 0;

/**
 * Writes the images and HTML of a code agent's rich results (`CodeResponse.results`) into
 * `dir` and returns one line per file: `[image/png: guildkit-output/result-1.png]`.
 */
export function saveRichResults(results: JsonValue | undefined, dir: string): string[] {
  if (!Array.isArray(results)) return [];
  const lines: string[] = [];
  for (const result of results) {
    const data =
      typeof result === 'object' && result !== null && !Array.isArray(result)
        ? result['data']
        : undefined;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    const saved = SAVED.find(([mime]) => typeof data[mime] === 'string');
    if (saved === undefined) continue;
    const [mime, extension, encoding] = saved;
    counter += 1;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `result-${counter}.${extension}`);
    writeFileSync(file, Buffer.from(data[mime] as string, encoding));
    lines.push(`[${mime}: ${shownPath(file)}]`);
  }
  return lines;
}
