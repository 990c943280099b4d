import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(__dirname, '..', '..', 'README.md');
const SECTION = '## Use it in your project';

/**
 * The files of the README's quick start: each code block introduced by a line that starts with
 * a backquoted file name (`` `guild.yaml`: ``), keyed by that name.
 *
 * @example
 * readmeFiles()['guild.yaml'];
 */
export function readmeFiles(): Record<string, string> {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const end = text.indexOf('\n## ', start + SECTION.length);
  const section = text.slice(start, end < 0 ? undefined : end);
  const files: Record<string, string> = {};
  const block = /`([\w.-]+\.(?:yaml|js|ts))`[^\n]*:\n\n```\w*\n([\s\S]*?)```/g;
  for (const [, name, body] of section.matchAll(block)) {
    if (name !== undefined && body !== undefined) files[name] = body;
  }
  return files;
}
