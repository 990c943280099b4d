import { type GuildSpec } from '@guildkit/core';
import { GuildSpecError } from '../errors/guild-spec-error';
import { type SpecProblem } from '../validation/spec-problem';
import {
  validateGuildDocument,
  type ValidateOptions,
  type ValidationReport,
} from '../validation/validate-guild-document';
import {
  loadDocumentFile,
  loadJsonDocument,
  loadYamlDocument,
  type SpecTextSource,
} from './load-document';

/** Spec text and its format. */
export interface GuildSpecText extends SpecTextSource {
  format: 'yaml' | 'json';
}

/** A loaded, valid guild spec. */
export interface LoadedGuildSpec {
  spec: GuildSpec;
  /** Directory that relative `./file#Export` class names resolve from. */
  baseDir: string;
  /** Problems that did not stop loading (ignored upstream keys). */
  warnings: SpecProblem[];
}

/**
 * Loads and validates a guild spec file (`.json` as JSON, otherwise YAML) without throwing.
 *
 * @example
 * const report = validateGuildSpecFile('examples/code-guild/guild.yaml');
 * if (!report.valid) report.problems.forEach((p) => console.error(formatProblem(p)));
 */
export function validateGuildSpecFile(file: string, options?: ValidateOptions): ValidationReport {
  return validateGuildDocument(loadDocumentFile(file, options), options);
}

/**
 * Loads and validates guild spec text without throwing.
 *
 * @example
 * validateGuildSpecText({ text: yamlText, format: 'yaml', baseDir: __dirname }).valid;
 */
export function validateGuildSpecText(
  source: GuildSpecText,
  options?: ValidateOptions,
): ValidationReport {
  const document =
    source.format === 'json' ? loadJsonDocument(source) : loadYamlDocument(source, options);
  return validateGuildDocument(document, options);
}

/** The spec of a report, or a `GuildSpecError` listing every error. */
export function specOrThrow(report: ValidationReport): LoadedGuildSpec {
  if (!report.valid || report.spec === undefined) {
    throw GuildSpecError.fromProblems(report.problems, report.file ?? 'guild spec');
  }
  return {
    spec: report.spec,
    baseDir: report.baseDir,
    warnings: report.problems.filter((p) => p.severity === 'warning'),
  };
}

/**
 * Loads a guild spec file, throwing a `GuildSpecError` that lists every problem when invalid.
 *
 * @example
 * const { spec, baseDir } = loadGuildSpecFile('guild.yaml');
 */
export function loadGuildSpecFile(file: string, options?: ValidateOptions): LoadedGuildSpec {
  return specOrThrow(validateGuildSpecFile(file, options));
}

/**
 * Loads guild spec text, throwing a `GuildSpecError` that lists every problem when invalid.
 *
 * @example
 * const { spec } = loadGuildSpecText({ text: '{"name":"g","description":"d"}', format: 'json' });
 */
export function loadGuildSpecText(
  source: GuildSpecText,
  options?: ValidateOptions,
): LoadedGuildSpec {
  return specOrThrow(validateGuildSpecText(source, options));
}
