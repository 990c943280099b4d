import { type CliIO, type CliOutput } from './cli-io';

/** ANSI styling that is a no-op when colour is off. */
export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const style =
  (on: boolean, open: number, close: number) =>
  (text: string): string =>
    on ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/** Colours for a stream: on for a terminal unless NO_COLOR is set, or when FORCE_COLOR is. */
export function colorsFor(output: CliOutput, env: CliIO['env']): Colors {
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
  const on = forced || (output.isTTY === true && env['NO_COLOR'] === undefined);
  return {
    red: style(on, 31, 39),
    yellow: style(on, 33, 39),
    green: style(on, 32, 39),
    cyan: style(on, 36, 39),
    dim: style(on, 2, 22),
    bold: style(on, 1, 22),
  };
}
