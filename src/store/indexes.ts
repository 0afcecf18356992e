// Creates every index the service relies on. Run at start-up (autoIndex is
// off so index builds never happen behind a request's back).
import type { Connection } from 'mongoose';
import { commentModel } from './comment-model';
import { feedbackModel } from './feedback-model';
import { historyEventModel } from './history-store';
import { ensureModerationIndexes } from './moderation-indexes';

export async function ensureIndexes(conn: Connection): Promise<void> {
  await commentModel(conn).createIndexes();
  await feedbackModel(conn).createIndexes();
  await historyEventModel(conn).createIndexes();
  await ensureModerationIndexes(conn);
}
