import { join } from 'node:path';

/** Absolute path of a file under `src/__tests__/fixtures`. */
export function fixturePath(...parts: string[]): string {
  return join(__dirname, 'fixtures', ...parts);
}
