// Run by validate-in-child.ts in its own process: validates one spec file and prints how long
// the validation took and its report, so a hang or crash cannot take the test runner with it.
import { validateGuildSpecFile } from '../loader/load-guild-spec';
import { type ValidateOptions } from '../validation/validate-guild-document';
import { fixturePath } from './fixture-path';

const [file, optionsJson] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: validate-timed <spec> [options-json]');
const options = JSON.parse(optionsJson ?? '{}') as ValidateOptions;
// Warm-up, so the time measured is the spec's own and not the first load of the parsers.
validateGuildSpecFile(fixturePath('guild_specs', 'test_guild.yaml'));
const start = performance.now();
const report = validateGuildSpecFile(file, options);
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({ ms, valid: report.valid, problems: report.problems, spec: report.spec }),
);
