// Stored comments for a replay on the embedded database, read from its SQLite
// files by the embedded-db binary's reader mode (tools/embedded-db/export.go)
// rather than through FerretDB: FerretDB v1 spends about 0.3 ms of CPU per
// stored comment decoding, sorting and re-encoding it, which caps a replay
// near 3,000 comments/s on two cores; the reader streams them in
// (createdAt, _id) order through an SQLite index at a few microseconds each.
// Same comments, same order and the same fields as the MongoDB cursor in
// comment-stream.ts (tests/cli/replay-embedded.test.ts compares the two).
import { spawn } from 'node:child_process';
import { ensureEmbeddedBinary } from '../../db/embedded-build';
import type { ReplaySourceComment } from '../../ruleset/replay/run-replay';
import type { CommentFilter } from './comment-stream';

/** The database the service uses inside the embedded FerretDB (src/db/embedded.ts's URI). */
export const EMBEDDED_DATABASE = 'moderation';

export class EmbeddedReadError extends Error {
  override name = 'EmbeddedReadError';
}

const INPUT_FIELDS = ['name', 'text', 'email', 'ip', 'userAgent', 'articleId', 'articleUrl', 'parentId', 'externalId', 'language'] as const;

interface StoredLine {
  _id: string;
  site: string;
  createdAt: number;
  status: ReplaySourceComment['status'];
  version: number;
  decision?: { action?: ReplaySourceComment['decision']['action']; reasons?: ReplaySourceComment['decision']['reasons'] };
  lastAction?: { actor: string; at: number } | null;
  [field: string]: unknown;
}

/** One stored document (dates as epoch milliseconds) as the cursor's projection would give it. */
export function replaySourceOf(doc: StoredLine): ReplaySourceComment {
  const comment = {
    _id: doc._id,
    site: doc.site,
    createdAt: new Date(doc.createdAt),
    status: doc.status,
    version: doc.version,
    decision: { action: doc.decision?.action, reasons: doc.decision?.reasons },
  } as ReplaySourceComment;
  for (const field of INPUT_FIELDS) {
    if (doc[field] !== undefined) (comment as unknown as Record<string, unknown>)[field] = doc[field];
  }
  if (doc.lastAction !== undefined) comment.lastAction = doc.lastAction && { ...doc.lastAction, at: new Date(doc.lastAction.at) } as ReplaySourceComment['lastAction'];
  return comment;
}

function readerArgs(dataDir: string, filter: CommentFilter, limit: number | undefined): string[] {
  // name=value, so that no value is ever taken for a flag.
  const args = ['-export-comments', `-data-dir=${dataDir}`, `-database=${EMBEDDED_DATABASE}`];
  if (filter.site !== undefined) args.push(`-site=${filter.site}`);
  if (filter.since !== undefined) args.push(`-since-ms=${filter.since.getTime()}`);
  if (limit !== undefined) args.push(`-limit=${limit}`);
  return args;
}

/**
 * Runs the reader and yields its output as the lines of each chunk read from
 * the pipe (about 60 comments). Reading the pipe only as lines are consumed
 * keeps memory flat: when the replay falls behind, the pipe fills and the
 * reader waits. Stopping early kills the reader.
 */
async function* readerLines(args: string[], log: (msg: string) => void): AsyncGenerator<string[]> {
  const binary = await ensureEmbeddedBinary(log).catch((err: Error) => {
    throw new EmbeddedReadError(err.message);
  });
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { if (stderr.length < 4000) stderr += chunk; });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  let finished = false;
  try {
    let rest = '';
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      const text = rest + chunk;
      const lines: string[] = [];
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        lines.push(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (lines.length > 0) yield lines;
    }
    const code = await exited;
    finished = true;
    if (code !== 0) throw new EmbeddedReadError(stderr.trim() || `the embedded database reader exited with code ${code}`);
    if (rest !== '') throw new EmbeddedReadError('the embedded database reader stopped mid-line');
  } finally {
    if (!finished) {
      child.kill('SIGKILL');
      await exited.catch(() => null);
    }
  }
}

/**
 * Stored comments under `dataDir` (DATA_DIR/db), oldest first, like
 * streamComments, in arrays: one await per pipe chunk, not per comment.
 */
export async function* readEmbeddedCommentBatches(
  dataDir: string,
  filter: CommentFilter,
  opts: { limit?: number; log?: (msg: string) => void } = {},
): AsyncGenerator<ReplaySourceComment[]> {
  for await (const lines of readerLines(readerArgs(dataDir, filter, opts.limit), opts.log ?? (() => {}))) {
    yield lines.map((line) => replaySourceOf(JSON.parse(line) as StoredLine));
  }
}

/** The same comments one at a time. */
export async function* readEmbeddedComments(
  dataDir: string,
  filter: CommentFilter,
  opts: { limit?: number; log?: (msg: string) => void } = {},
): AsyncGenerator<ReplaySourceComment> {
  for await (const batch of readEmbeddedCommentBatches(dataDir, filter, opts)) yield* batch;
}

/** How many comments readEmbeddedComments would yield. */
export async function countEmbeddedComments(dataDir: string, filter: CommentFilter, limit?: number, log: (msg: string) => void = () => {}): Promise<number> {
  let count = 0;
  for await (const lines of readerLines([...readerArgs(dataDir, filter, limit), '-count'], log)) count = Number(lines[lines.length - 1]);
  return count;
}
