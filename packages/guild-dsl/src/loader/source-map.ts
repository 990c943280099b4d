import { type SourceLocation } from '../validation/spec-problem';
import { formatPath, type SpecPath } from './spec-path';
import { type TextPositions } from './text-positions';

interface Position {
  text: TextPositions;
  offset: number;
}

const at = (position: Position): SourceLocation => position.text.at(position.offset);

/**
 * Remembers where each value (and each mapping key) of a loaded spec was written, across
 * `!include`d files. Lookups fall back to the nearest enclosing node.
 */
export class SourceMap {
  private readonly values = new Map<string, Position>();
  private readonly keys = new Map<string, Position>();

  setValue(path: SpecPath, text: TextPositions, offset: number): void {
    this.values.set(formatPath(path), { text, offset });
  }

  setKey(path: SpecPath, text: TextPositions, offset: number): void {
    this.keys.set(formatPath(path), { text, offset });
  }

  /** Where the value at `path` is, or where its key is when `key` is set and known. */
  locate(path: SpecPath, options: { key?: boolean } = {}): SourceLocation {
    if (options.key === true) {
      const key = this.keys.get(formatPath(path));
      if (key !== undefined) return at(key);
    }
    for (let end = path.length; end >= 0; end--) {
      const found = this.values.get(formatPath(path.slice(0, end)));
      if (found !== undefined) return at(found);
    }
    return {};
  }
}
