import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { type SpecProblem } from '../validation/spec-problem';
import { displayPath } from './display-path';
import { type LoadedDocument } from './loaded-document';
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

function baseDirOf(source: SpecTextSource): string {
  if (source.baseDir !== undefined) return resolve(source.baseDir);
  return source.file === undefined ? process.cwd() : dirname(resolve(source.file));
}

/** Parses guild YAML (with `!include` and `!code`) into a value plus positions and problems. */
export function loadYamlDocument(source: SpecTextSource): LoadedDocument {
  const reader = new YamlDocumentReader();
  const baseDir = baseDirOf(source);
  const value = reader.read({ text: source.text, file: source.file, baseDir });
  const file = source.file === undefined ? undefined : displayPath(resolve(source.file));
  return {
    value,
    sourceMap: reader.sourceMap,
    problems: reader.collector.problems,
    baseDir,
    ...(file === undefined ? {} : { file }),
  };
}

function jsonSyntaxProblem(error: unknown, source: SpecTextSource): SpecProblem {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /position (\d+)/.exec(message)?.[1];
  const before = offset === undefined ? undefined : source.text.slice(0, Number(offset));
  const lines = before?.split('\n');
  return {
    code: 'JSON_SYNTAX',
    severity: 'error',
    path: '',
    message: `${message} (fix the JSON syntax)`,
    ...(source.file === undefined ? {} : { file: displayPath(resolve(source.file)) }),
    ...(lines === undefined
      ? {}
      : { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 }),
  };
}

/** Parses a JSON guild spec; positions come from reading the same text as YAML 1.2. */
export function loadJsonDocument(source: SpecTextSource): LoadedDocument {
  const baseDir = baseDirOf(source);
  const file = source.file === undefined ? undefined : displayPath(resolve(source.file));
  const where = { baseDir, ...(file === undefined ? {} : { file }) };
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch (error) {
    return {
      value: null,
      sourceMap: new SourceMap(),
      problems: [jsonSyntaxProblem(error, source)],
      ...where,
    };
  }
  const positioned = loadYamlDocument(source);
  const sourceMap = positioned.problems.length === 0 ? positioned.sourceMap : new SourceMap();
  return { value, sourceMap, problems: [], ...where };
}

/** Reads a spec file: `.json` as JSON, anything else as YAML. */
export function loadDocumentFile(file: string): LoadedDocument {
  if (!existsSync(file)) {
    const shown = displayPath(resolve(file));
    return {
      value: null,
      sourceMap: new SourceMap(),
      baseDir: dirname(resolve(file)),
      file: shown,
      problems: [
        {
          code: 'FILE_NOT_FOUND',
          severity: 'error',
          path: '',
          file: shown,
          message: `guild spec file not found: ${shown} (check the path)`,
        },
      ],
    };
  }
  const text = readFileSync(file, 'utf8');
  const source = { text, file };
  return extname(file).toLowerCase() === '.json'
    ? loadJsonDocument(source)
    : loadYamlDocument(source);
}
