// `moderate <subcommand>`: each subcommand lives in its own file and is
// loaded only when asked for, so `moderate check` does not pay for the others.
import { UsageError, type CliIo, type Subcommand } from './io';
import { COMMAND_USAGE } from './usage';

const SUBCOMMANDS: Record<string, { summary: string; load: () => Subcommand }> = {
  check: { summary: 'moderate JSON Lines from stdin with a rule set, no database', load: () => (require('./check') as typeof import('./check')).runCheck },
  train: { summary: 'train the classifier models from data/corpora into rules/models', load: () => (require('./train') as typeof import('./train')).runTrain },
  eval: { summary: 'precision and recall of the engine on a labelled CSV, TSV or JSON Lines file', load: () => (require('./eval') as typeof import('./eval')).runEval },
  replay: { summary: 'replay candidate rules over stored comments; compare with stored and moderator decisions', load: () => (require('./replay') as typeof import('./replay')).runReplay },
  keys: { summary: 'add, list or revoke moderator keys kept in the database', load: () => (require('./keys') as typeof import('./keys')).runKeys },
  sites: { summary: 'per-site webhook settings and delivery log', load: () => (require('./sites') as typeof import('./sites')).runSites },
  repair: { summary: 'apply or void moderation events a crash left pending', load: () => (require('./repair') as typeof import('./repair')).runRepair },
  transparency: { summary: 'export statements of reasons for the DSA Transparency Database, in batches of 100', load: () => (require('./transparency') as typeof import('./transparency')).runTransparency },
  feedback: { summary: 'export moderator decisions as labelled JSON Lines for training', load: () => (require('./feedback') as typeof import('./feedback')).runFeedback },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(8)} ${s.summary}`);
  return `usage: moderate <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    io.stderr.write(`moderate: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${COMMAND_USAGE[name] ?? `usage: moderate ${name}`}\n`);
    return 0;
  }
  try {
    return await sub.load()(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`moderate ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * Output piped into a reader that stops early (`moderate keys list | head -1`)
 * ends the command quietly, as Unix tools do, rather than with a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** Runs the command line of this process and sets its exit code. */
export function main(): void {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  runCli(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (err: Error) => {
      process.stderr.write(`moderate: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
