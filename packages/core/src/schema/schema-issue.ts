/** A path into a value: mapping keys and list indexes (`['agents', 1, 'name']`). */
export type SchemaPath = readonly (string | number)[];

/** One way a value does not fit its schema. */
export interface SchemaIssue {
  /** `UNKNOWN_KEY` for a key the schema does not name; `UNSUPPORTED_KEY` for an ignored one. */
  code?: 'SPEC_INVALID' | 'UNKNOWN_KEY' | 'UNSUPPORTED_KEY';
  severity?: 'error' | 'warning';
  path: SchemaPath;
  message: string;
  /** The closest known name, when a key or value looks misspelt. */
  suggestion?: string | undefined;
  /** The issue is about the key at `path` rather than its value. */
  atKey?: boolean;
}

/** Where `validateSchema` reports issues (guild-dsl's ProblemCollector locates them in files). */
export interface SchemaIssueSink {
  add(issue: SchemaIssue): void;
}

/**
 * Formats a path as messages show it: `agents[1].dependency_map.code_executor`.
 *
 * @example
 * formatSchemaPath(['agents', 1, 'name']); // 'agents[1].name'
 */
export function formatSchemaPath(path: SchemaPath): string {
  const identifier = /^[A-Za-z_$][\w$-]*$/;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (identifier.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
