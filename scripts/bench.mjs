// Runs every benchmark (`packages/*/bench/*.bench.ts`, or the files/filters given as arguments)
// from source with tsx. Each benchmark measures its own baseline in the same run and prints ratios.
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureDeps, root, run } from './ensure-deps.mjs';

ensureDeps();
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'packages'))
  .map((pkg) => join(root, 'packages', pkg, 'bench'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => join(dir, f)),
  )
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
let failed = 0;
for (const file of files) {
  console.log(`\n## ${relative(root, file)}`);
  const code = run(process.execPath, ['--expose-gc', tsx, '--conditions=@guildkit/source', file]);
  if (code !== 0) failed += 1;
}
if (files.length === 0) console.log('No benchmark matched.');
process.exit(failed === 0 ? 0 : 1);
