import { type LineCounter } from 'yaml';
import { type SourceLocation } from '../validation/spec-problem';

/**
 * Turns offsets in one file's text into file:line:column, on demand: a spec records an offset
 * for each of its values and only the few that problems point at are ever converted.
 */
export class TextPositions {
  constructor(
    readonly file: string | undefined,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    const location: SourceLocation = { line, column: col };
    if (this.file !== undefined) location.file = this.file;
    return location;
  }
}
