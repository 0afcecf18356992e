// `moderate repair [--min-age SECONDS] [--limit N]`: settles moderation events left pending by a crash between
// writing the event and updating the comment (see store/repair.ts), and
// enqueues the webhook each applied event should have sent. Safe to run while
// the service runs.
import { WebhookOutbox } from '../service/webhooks/outbox';
import { withCliDatabase } from '../store/cli-database';
import { repairFromEventLog } from '../store/repair';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

export async function runRepair(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, ['--limit', '--min-age']);
  const limit = flags['--limit'] === undefined ? undefined : Number(flags['--limit']);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive integer');
  // Events younger than this may belong to actions still in flight (default 60 s).
  const minAgeSeconds = flags['--min-age'] === undefined ? 60 : Number(flags['--min-age']);
  if (!Number.isFinite(minAgeSeconds) || minAgeSeconds < 0) throw new UsageError('--min-age must be a number of seconds');
  const report = await withCliDatabase(io.env, (msg) => io.stderr.write(`${msg}\n`), (store) => {
    const outbox = new WebhookOutbox(store);
    return repairFromEventLog(store, { limit, minAgeMs: minAgeSeconds * 1000, onApplied: async (event, comment) => { await outbox.commentModerated(event, comment); } });
  });
  io.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}
