// What a `moderate` subcommand gets: its arguments and the process streams,
// injected so tests run subcommands in-process.
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A user error: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

export type Subcommand = (argv: string[], io: CliIo) => Promise<number>;
