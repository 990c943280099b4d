import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The nearest `tsconfig.json` at or above `dir`, if any. */
export function findTsconfig(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

interface TsxCjsApi {
  register(): unknown;
}
interface TsxEsmApi {
  register(options: { tsconfig?: string | false }): unknown;
}

/**
 * Lets specs name agents in TypeScript files (`./agent.ts#MyAgent`): registers tsx (the project's
 * own, else the one that comes with guild-dsl) for `require` and `import`, with the tsconfig that
 * governs the spec, found from the spec's own directory rather than the working directory.
 */
export async function registerTypeScript(specPath: string): Promise<void> {
  const specDir = dirname(resolve(specPath));
  const tsconfig = findTsconfig(specDir);
  // tsx's CommonJS hook reads its tsconfig from this variable when it registers.
  if (tsconfig !== undefined) process.env['TSX_TSCONFIG_PATH'] = tsconfig;
  let tsxDir: string;
  try {
    tsxDir = dirname(require.resolve('tsx/package.json', { paths: [specDir, __dirname] }));
  } catch {
    return; // no tsx anywhere: JavaScript agents still load, TypeScript ones fail saying so
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tsx comes from the spec's project when it has one
  const cjs = require(join(tsxDir, 'dist', 'cjs', 'api', 'index.cjs')) as TsxCjsApi;
  cjs.register();
  // The ESM hook's CommonJS build cannot register itself; its ES module build can.
  const esmApi = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const esm = (await import(esmApi)) as TsxEsmApi;
  esm.register({ tsconfig: tsconfig ?? false });
}
