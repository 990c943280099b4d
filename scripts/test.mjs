// Runs every test (Jest) and ends with one plain line: `N passed, N failed`.
// Extra arguments go to Jest, e.g. `npm test -- packages/core`.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDeps, root, run } from './ensure-deps.mjs';

ensureDeps();
const resultsFile = join(root, 'test-results.json');
rmSync(resultsFile, { force: true });
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const code = run(process.execPath, [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jest,
  '--json',
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : code || 1);
