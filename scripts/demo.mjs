// `npm run demo`: launches examples/code-guild through the `guildkit run` command and sends it a
// few CodeRequests that show stateful, sandboxed Python: a variable defined by one message is
// used by the next, a whitelisted import works, and a blocked import is refused.
import { join } from 'node:path';
import { ensureDeps, root, run } from './ensure-deps.mjs';

ensureDeps();

const requests = [
  "values = [3, 1, 4, 1, 5, 9, 2, 6]\ntotal = sum(values)\nprint('defined values; total =', total)",
  "output = {'mean': total / len(values), 'max': max(values)}",
  'import math\noutput = round(math.sqrt(total), 3)',
  "import os\nos.system('echo pwned')",
];

console.log('Guildkit demo: the Code Execution Guild (examples/code-guild/guild.yaml)');
console.log("Each CodeRequest runs in the Code Agent's own sandboxed Python; state persists.\n");

const code = run(
  process.execPath,
  [
    join(root, 'packages', 'guild-dsl', 'bin', 'guildkit.mjs'),
    'run',
    join('examples', 'code-guild', 'guild.yaml'),
    ...requests.flatMap((request) => ['--send', 'CodeRequest', JSON.stringify({ code: request })]),
  ],
  { env: { ...process.env, GUILDKIT_FROM_SOURCE: '1' } },
);

if (code === 0) {
  console.log('\nDone: `values` and `total` survived between messages, `math` was allowed,');
  console.log('and `os` was blocked. Try it yourself:');
  console.log('  npm run guildkit -- run examples/code-guild/guild.yaml --interactive');
}
process.exit(code);
