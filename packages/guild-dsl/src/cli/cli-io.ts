/** A stream the CLI writes to; `isTTY` turns on colours and progress. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The process surroundings the CLI runs in, injectable for tests. */
export interface CliIO {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
}

/** The real process streams. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
