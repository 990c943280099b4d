import { type JsonObject } from '@guildkit/core';
import { GuildSpecError } from '../errors/guild-spec-error';
import {
  type CacheCommand,
  type CliCommand,
  type InitCommand,
  type RunCommand,
  type ValidateCommand,
} from './cli-command';

function usageError(message: string): GuildSpecError {
  return new GuildSpecError('CLI_USAGE', `${message}\nRun 'guildkit --help' for usage.`);
}

function parsePayload(format: string, text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(
      `--send ${format}: the payload is not valid JSON (${(error as Error).message}). Quote it for your shell, e.g. '{"code": "x = 1"}'.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(`--send ${format}: the payload must be a JSON object, got ${text}.`);
  }
  return value as JsonObject;
}

/** `a,b` → ['a', 'b']; an empty list (`--agents ''`) hosts no agent. */
function parseIds(text: string): string[] {
  const ids = text.split(',').map((id) => id.trim());
  if (ids.length > 1 && ids.some((id) => id === '')) {
    throw usageError(`--agents ${text}: an agent id is empty. Separate ids with commas: a,b.`);
  }
  return ids.filter((id) => id !== '');
}

class ArgReader {
  private index = 0;
  constructor(private readonly args: readonly string[]) {}

  next(): string | undefined {
    return this.args[this.index++];
  }

  value(option: string): string {
    const value = this.next();
    if (value === undefined) throw usageError(`${option} needs a value.`);
    return value;
  }
}

function parseRun(reader: ArgReader): RunCommand {
  const run: RunCommand = {
    command: 'run',
    spec: '',
    sends: [],
    interactive: false,
    codeFormat: 'CodeRequest',
    orgId: 'local',
    requires: [],
    waitSeconds: 120,
    failOnError: false,
    graceSeconds: 5,
    verbose: false,
    outputDir: 'guildkit-output',
    outputFiles: [],
  };
  for (let arg = reader.next(); arg !== undefined; arg = reader.next()) {
    if (arg === '--send') {
      const format = reader.value('--send');
      run.sends.push({ format, payload: parsePayload(format, reader.value(`--send ${format}`)) });
    } else if (arg === '--interactive' || arg === '-i') run.interactive = true;
    else if (arg === '--format') run.codeFormat = reader.value(arg);
    else if (arg === '--fail-on-error') run.failOnError = true;
    else if (arg === '--verbose') run.verbose = true;
    else if (arg === '--output-dir') run.outputDir = reader.value(arg);
    else if (arg === '--output-file') run.outputFiles.push(reader.value(arg));
    else if (arg === '--org') run.orgId = reader.value(arg);
    else if (arg === '--require') run.requires.push(reader.value(arg));
    else if (arg === '--include-root') run.includeRoot = reader.value(arg);
    else if (arg === '--agents')
      run.agents = [...(run.agents ?? []), ...parseIds(reader.value(arg))];
    else if (arg === '--wait') {
      run.waitSeconds = Number(reader.value(arg));
      if (!(run.waitSeconds > 0)) throw usageError('--wait needs a positive number of seconds.');
    } else if (arg === '--grace') {
      run.graceSeconds = Number(reader.value(arg));
      if (!(run.graceSeconds >= 0) || !Number.isFinite(run.graceSeconds))
        throw usageError('--grace needs a number of seconds >= 0.');
    } else if (arg.startsWith('-')) throw usageError(`Unknown option for run: ${arg}`);
    else if (run.spec === '') run.spec = arg;
    else throw usageError(`Unexpected argument: ${arg}`);
  }
  if (run.spec === '') throw usageError('run needs a spec file: guildkit run <spec>');
  return run;
}

function parseValidate(reader: ArgReader): ValidateCommand {
  const validate: ValidateCommand = {
    command: 'validate',
    spec: '',
    json: false,
    strict: false,
    requires: [],
  };
  for (let arg = reader.next(); arg !== undefined; arg = reader.next()) {
    if (arg === '--json') validate.json = true;
    else if (arg === '--strict') validate.strict = true;
    else if (arg === '--require') validate.requires.push(reader.value(arg));
    else if (arg === '--include-root') validate.includeRoot = reader.value(arg);
    else if (arg.startsWith('-')) throw usageError(`Unknown option for validate: ${arg}`);
    else if (validate.spec === '') validate.spec = arg;
    else throw usageError(`Unexpected argument: ${arg}`);
  }
  if (validate.spec === '')
    throw usageError('validate needs a spec file: guildkit validate <spec>');
  return validate;
}

function parseInit(reader: ArgReader): InitCommand {
  const init: InitCommand = { command: 'init', dir: '.' };
  const dir = reader.next();
  if (dir !== undefined) {
    if (dir.startsWith('-')) throw usageError(`Unknown option for init: ${dir}`);
    init.dir = dir;
  }
  const extra = reader.next();
  if (extra !== undefined) throw usageError(`Unexpected argument: ${extra}`);
  return init;
}

function parseCache(reader: ArgReader): CacheCommand {
  const action = reader.next();
  if (action !== 'ls' && action !== 'prune' && action !== 'clear') {
    throw usageError(
      `cache needs an action: ls, prune or clear${action ? `, got ${action}` : ''}.`,
    );
  }
  const cache: CacheCommand = { command: 'cache', action, olderThanDays: 30 };
  for (let arg = reader.next(); arg !== undefined; arg = reader.next()) {
    if (arg === '--older-than' && action === 'prune') {
      cache.olderThanDays = Number(reader.value(arg));
      if (!(cache.olderThanDays >= 0) || !Number.isFinite(cache.olderThanDays))
        throw usageError('--older-than needs a number of days >= 0.');
    } else throw usageError(`Unexpected argument for cache ${action}: ${arg}`);
  }
  return cache;
}

/**
 * Parses `guildkit` arguments (without the node and script paths).
 *
 * @example
 * parseArgs(['run', 'guild.yaml', '--send', 'CodeRequest', '{"code":"x = 1"}']);
 */
export function parseArgs(args: readonly string[]): CliCommand {
  const reader = new ArgReader(args);
  const command = reader.next();
  switch (command) {
    case 'run':
      return parseRun(reader);
    case 'validate':
      return parseValidate(reader);
    case 'schema': {
      const requires: string[] = [];
      for (let arg = reader.next(); arg !== undefined; arg = reader.next()) {
        if (arg === '--require') requires.push(reader.value(arg));
        else throw usageError(`Unexpected argument for schema: ${arg}`);
      }
      return { command: 'schema', requires };
    }
    case 'init':
      return parseInit(reader);
    case 'cache':
      return parseCache(reader);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case '--version':
    case '-v':
      return { command: 'version' };
    default:
      throw usageError(
        `Unknown command: ${command}. Commands: init, run, validate, schema, cache.`,
      );
  }
}
