import { type JsonObject } from '@guildkit/core';

/** One `--send <format> <json>` message. */
export interface SendRequest {
  format: string;
  payload: JsonObject;
}

export interface RunCommand {
  command: 'run';
  spec: string;
  sends: SendRequest[];
  interactive: boolean;
  /** Format of the messages the interactive prompt sends. */
  codeFormat: string;
  orgId: string;
  /** Modules imported before the guild is loaded (e.g. to register agent classes). */
  requires: string[];
  /** Longest wait for the guild to settle after each message, in seconds. */
  waitSeconds: number;
  /** Exit 1 when an `ErrorMessage` was published while running. */
  failOnError: boolean;
  /** At shutdown, how long messages in progress may take to finish, in seconds. */
  graceSeconds: number;
  /** Print the stack in error messages' details. */
  verbose: boolean;
  /** Where images and HTML from rich results, and output files, of replies are written. */
  outputDir: string;
  /** Files (paths or patterns in the code agent's home) each interactive cell asks back. */
  outputFiles: string[];
  /** Directory tree `!include`/`!code` may read from (default: the spec's directory). */
  includeRoot?: string;
  /** `--agents a,b`: host only these agents here (the others run elsewhere); `[]`: none. */
  agents?: string[];
}

export interface ValidateCommand {
  command: 'validate';
  spec: string;
  json: boolean;
  /** Unknown keys are errors, not warnings. */
  strict: boolean;
  requires: string[];
  /** Directory tree `!include`/`!code` may read from (default: the spec's directory). */
  includeRoot?: string;
}

export interface InitCommand {
  command: 'init';
  /** Where the project goes; default the working directory. */
  dir: string;
}

export interface CacheCommand {
  command: 'cache';
  action: 'ls' | 'prune' | 'clear';
  /** `prune`: also remove snapshots unused for this many days. */
  olderThanDays: number;
}

/** A parsed `guildkit` command line. */
export type CliCommand =
  | RunCommand
  | ValidateCommand
  | InitCommand
  | CacheCommand
  | { command: 'schema'; requires: string[] }
  | { command: 'help' }
  | { command: 'version' };
