/** A path into a spec: mapping keys and list indexes. */
export type SpecPath = readonly (string | number)[];

const identifier = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats a path as problems show it: `agents[1].dependency_map.code_executor`.
 *
 * @example
 * formatPath(['agents', 1, 'name']); // 'agents[1].name'
 */
export function formatPath(path: SpecPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (identifier.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
