import { type SpecProblem } from '../validation/spec-problem';
import { type SourceMap } from './source-map';

/** A parsed spec document: its plain value, where each part was written, and load problems. */
export interface LoadedDocument {
  value: unknown;
  sourceMap: SourceMap;
  problems: SpecProblem[];
  /** The file the document came from, if any (as shown in problems). */
  file?: string;
  /** Directory that relative paths (includes, `./file#Export` class names) resolve from. */
  baseDir: string;
}
