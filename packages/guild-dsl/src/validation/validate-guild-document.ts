import { type GuildSpec } from '@guildkit/core';
import { type LoadDocumentOptions } from '../loader/load-document';
import { type LoadedDocument } from '../loader/loaded-document';
import { renderConfiguration } from '../loader/render-configuration';
import { specFromDocument } from '../loader/spec-from-document';
import { guildSpecSchema } from '../schema/guild-spec-schema';
import { ownValue } from '@guildkit/core';
import { discoverPlugins } from '@guildkit/core/plugin';
import { checkGuildRuntime } from './check-guild-runtime';
import { checkPredicates } from './check-predicates';
import { checkRoutes } from './check-routes';
import { checkUnsupportedKeys } from './check-unsupported-keys';
import { preloadResolverClasses } from './preload-resolver-classes';
import { checkGuildSemantics, type KnownClassNames } from './check-guild-semantics';
import { ProblemCollector } from './problem-collector';
import { type SpecProblem } from './spec-problem';
import { validateSchema } from '@guildkit/core';

function byPosition(problems: SpecProblem[]): SpecProblem[] {
  const rank = (p: SpecProblem): [string, number, number] => [
    p.file ?? '\uffff',
    p.line ?? Number.MAX_SAFE_INTEGER,
    p.column ?? 0,
  ];
  return [...problems].sort((a, b) => {
    const [fa, la, ca] = rank(a);
    const [fb, lb, cb] = rank(b);
    return fa === fb ? la - lb || ca - cb : fa < fb ? -1 : 1;
  });
}

/** The outcome of loading and validating a guild spec. */
export interface ValidationReport {
  /** True when no problem is an error (warnings allowed). */
  valid: boolean;
  /** Every problem found, in document order per stage. */
  problems: SpecProblem[];
  /** The spec, rendered and converted, when the document was structurally valid. */
  spec: GuildSpec | undefined;
  /** The spec file, as shown in problems. */
  file: string | undefined;
  /** Directory that relative class-name specifiers resolve from. */
  baseDir: string;
}

/** Options of loading and validation: the class names to accept, and where files may be read. */
export interface ValidateOptions extends KnownClassNames, LoadDocumentOptions {
  /**
   * Unknown keys are errors. By default an unknown key where upstream's models would ignore it
   * (guild, agent, dependency, route keys) is a warning, so upstream specs load as they are.
   */
  strict?: boolean;
}

/**
 * Validates a loaded document: renders `configuration`, checks the schema, then what a schema
 * cannot (unique ids, known class names), collecting every problem rather than stopping.
 *
 * @example
 * const report = validateGuildDocument(loadDocumentFile('guild.yaml'), {
 *   agentClasses: agentRegistry.knownNames(),
 * });
 */
export function validateGuildDocument(
  document: LoadedDocument,
  options: ValidateOptions = {},
): ValidationReport {
  const collector = new ProblemCollector(document.sourceMap);
  collector.problems.push(...document.problems);
  const where = { file: document.file, baseDir: document.baseDir };
  if (collector.hasErrors)
    return { valid: false, problems: collector.problems, spec: undefined, ...where };
  const value = document.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    collector.add({ path: [], message: 'expected a mapping with name, description and agents' });
    return { valid: false, problems: collector.problems, spec: undefined, ...where };
  }
  const rendered = renderConfiguration({ spec: value as Record<string, unknown>, collector });
  const strict = options.strict === true;
  // Plugins installed in the spec's project declare resolvers and messaging backends it may name.
  discoverPlugins({ basePath: document.baseDir });
  preloadResolverClasses(rendered, document.baseDir);
  validateSchema({ node: guildSpecSchema, value: rendered, path: [], strict }, collector);
  checkGuildRuntime(ownValue(rendered, 'properties'), collector);
  checkUnsupportedKeys(rendered, collector);
  checkRoutes(ownValue(rendered, 'routes'), collector);
  checkPredicates(ownValue(rendered, 'agents'), collector);
  const spec = specFromDocument(rendered);
  checkGuildSemantics({ spec, baseDir: document.baseDir, known: options }, collector);
  return { valid: !collector.hasErrors, problems: byPosition(collector.problems), spec, ...where };
}
