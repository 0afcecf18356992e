// Runs a `moderate` subcommand in-process with captured output.
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main';

export async function runModerate(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, env: opts.env ?? {}, cwd: opts.cwd ?? process.cwd() });
  return { code, stdout: out, stderr: err };
}
