import { LineCounter, parseDocument, type Document, type ScalarTag } from 'yaml';
import { type SpecProblem } from '../validation/spec-problem';

const passThrough = (tag: string): ScalarTag => ({ tag, resolve: (value: string) => value });

/** The custom tags of the guild YAML format; they are resolved by the document reader. */
export const guildYamlTags: ScalarTag[] = [passThrough('!include'), passThrough('!code')];

export interface ParsedYaml {
  document: Document.Parsed;
  lineCounter: LineCounter;
  problems: SpecProblem[];
}

/** The yaml package reports nesting beyond its stack as a RangeError's message. */
const tooDeep = 'Maximum call stack size exceeded';

/**
 * Parses YAML text into a document with positions, turning parser errors into problems.
 * Duplicate keys are left to the document reader: the yaml package's own check compares every
 * key with every other one (40,000 keys took 13 s).
 */
export function parseYamlText(text: string, file: string | undefined): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    customTags: guildYamlTags,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const problems: SpecProblem[] = [];
  const issues = [
    ...document.errors.map((e) => ({ e, severity: 'error' as const })),
    ...document.warnings.map((e) => ({ e, severity: 'warning' as const })),
  ];
  for (const { e, severity } of issues) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const deep = e.message.includes(tooDeep);
    problems.push({
      code: deep ? 'LIMIT_EXCEEDED' : 'YAML_SYNTAX',
      severity,
      path: '',
      message: deep
        ? 'mappings and lists are nested too deeply to parse'
        : `${e.message.split('\n')[0] ?? e.message} (fix the YAML syntax)`,
      ...(file === undefined ? {} : { file }),
      line,
      column: col,
    });
  }
  return { document, lineCounter, problems };
}
