import { dirname, extname, resolve } from 'node:path';
import { JsonDocumentReader } from './json-document-reader';
import { displayPath } from './display-path';
import { LoadBudget } from './load-budget';
import { type LoadedDocument } from './loaded-document';
import { readSpecFile } from './read-spec-file';
import { SourceMap } from './source-map';
import { YamlDocumentReader } from './yaml-document-reader';

/** Where spec text came from. */
export interface SpecTextSource {
  text: string;
  /** The file the text was read from (shown in problems, and the default base directory). */
  file?: string;
  /** Directory that `!include`, `!code` and `./file#Export` class names resolve from. */
  baseDir?: string;
}

/** How a spec is read. */
export interface LoadDocumentOptions {
  /**
   * The directory tree `!include` and `!code` may read from (symlinks resolved). Default: the
   * spec's directory (`baseDir`), so a spec cannot read `../../secrets` or `/etc/passwd`.
   */
  includeRoot?: string;
}

function baseDirOf(source: SpecTextSource): string {
  if (source.baseDir !== undefined) return resolve(source.baseDir);
  return source.file === undefined ? process.cwd() : dirname(resolve(source.file));
}

function shownFile(source: SpecTextSource): { file?: string } {
  return source.file === undefined ? {} : { file: displayPath(resolve(source.file)) };
}

/** Parses guild YAML (with `!include` and `!code`) into a value plus positions and problems. */
export function loadYamlDocument(
  source: SpecTextSource,
  options: LoadDocumentOptions & { budget?: LoadBudget } = {},
): LoadedDocument {
  const baseDir = baseDirOf(source);
  const reader = new YamlDocumentReader({
    includeRoot: resolve(options.includeRoot ?? baseDir),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  const value = reader.read({ text: source.text, file: source.file, baseDir });
  const problems = reader.collector.problems;
  return { value, sourceMap: reader.sourceMap, problems, baseDir, ...shownFile(source) };
}

/** Parses a JSON guild spec, with the position of every value and of the first syntax error. */
export function loadJsonDocument(
  source: SpecTextSource,
  options: { budget?: LoadBudget } = {},
): LoadedDocument {
  const shown = shownFile(source);
  const reader = new JsonDocumentReader(
    source.text,
    shown.file,
    options.budget ?? new LoadBudget(),
  );
  const value = reader.read();
  const problems = reader.collector.problems;
  return { value, sourceMap: reader.sourceMap, problems, baseDir: baseDirOf(source), ...shown };
}

/**
 * Reads a spec file: `.json` as JSON, anything else as YAML. Only a regular file within
 * `SPEC_LIMITS.maxFileBytes` is read; anything else is a located problem.
 */
export function loadDocumentFile(file: string, options: LoadDocumentOptions = {}): LoadedDocument {
  const budget = new LoadBudget();
  const read = readSpecFile(file, budget);
  if (!read.ok) {
    const shown = displayPath(resolve(file));
    const what = read.code === 'FILE_NOT_FOUND' ? 'guild spec file not found' : 'guild spec';
    const hint = read.code === 'FILE_NOT_FOUND' ? ' (check the path)' : '';
    return {
      value: null,
      sourceMap: new SourceMap(),
      baseDir: dirname(resolve(file)),
      file: shown,
      problems: [
        {
          code: read.code,
          severity: 'error',
          path: '',
          file: shown,
          message:
            read.code === 'FILE_NOT_FOUND'
              ? `${what}: ${shown}${hint}`
              : `${what} ${shown}: ${read.message}`,
        },
      ],
    };
  }
  const source = { text: read.text, file };
  return extname(file).toLowerCase() === '.json'
    ? loadJsonDocument(source, { budget })
    : loadYamlDocument(source, { ...options, budget });
}
