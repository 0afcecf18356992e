// Duplicate and flood history in MongoDB, shared by every service instance.
// One document per key (site|kind|hash) holding recent events; each comment
// pushes its event and reads the previous state in one atomic
// findOneAndUpdate on _id, so two concurrent duplicates always see each other
// and every lookup is an _id point lookup (index-backed on MongoDB and on the
// embedded FerretDB alike).
//
// FerretDB v1 runs findAndModify and $pullAll as a read, then a write of the
// whole document, so two writes racing on one key can each drop the other's
// event (twelve simultaneous copies kept six events). Each store therefore
// writes one key at a time: one instance is exact on either database, and on
// MongoDB, where the update is atomic, several instances are too.
import type { Connection } from 'mongoose';
import type { PreparedComment } from '../moderation/engine';
import { eventFor, historyKeys, relevantEvents, type HistoryStore } from '../moderation/history-keys';
import type { HistoryEvent, HistorySnapshot } from '../moderation/types';
import { KeyedQueue } from './keyed-queue';

interface StoredEvent { at: number; h: string; a: string; c: string }
interface HistoryDoc { _id: string; e: StoredEvent[] }

const toEvent = (s: StoredEvent): HistoryEvent => ({ at: s.at, textHash: s.h, authorHash: s.a, commentId: s.c });
const toStored = (e: HistoryEvent): StoredEvent => ({ at: e.at, h: e.textHash, a: e.authorHash, c: e.commentId });

export const HISTORY_COLLECTION = 'history';

export class MongoHistoryStore implements HistoryStore {
  private readonly queue = new KeyedQueue();

  constructor(private readonly conn: Connection, private readonly maxEventsPerKey = 200) {}

  private get collection() {
    return this.conn.collection<HistoryDoc>(HISTORY_COLLECTION);
  }

  async recordAndFetch(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): Promise<HistorySnapshot> {
    const snapshot: HistorySnapshot = { byAuthor: [], byEmail: [], byIp: [], byText: [] };
    const stored = toStored(eventFor(prepared, commentId, now));
    await Promise.all(
      historyKeys(prepared).map((key) =>
        this.queue.run(key.id, async () => {
          const before = await this.push(key.id, stored);
          const events = (before?.e ?? []).map(toEvent);
          snapshot[key.kind] = relevantEvents(events, commentId, now, windowSeconds);
          await this.prune(key.id, before?.e ?? [], now, windowSeconds);
        }),
      ),
    );
    return snapshot;
  }

  /**
   * Appends an event, creating the key's document if needed. Two first comments
   * for one key can both try to insert it; the loser gets a duplicate key error
   * and retries, which is then a plain update (MongoDB retries such upserts
   * itself, FerretDB does not).
   */
  private async push(id: string, stored: StoredEvent): Promise<HistoryDoc | null> {
    const pushOnce = () => this.collection.findOneAndUpdate({ _id: id }, { $push: { e: stored } }, { upsert: true, returnDocument: 'before' });
    try {
      return await pushOnce();
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return pushOnce();
    }
  }

  /**
   * Drops events that left the window, or the oldest beyond the cap. Runs only
   * when there is something to drop; $pullAll removes exactly the events read,
   * so events pushed concurrently are never lost.
   */
  private async prune(id: string, events: StoredEvent[], now: number, windowSeconds: number): Promise<void> {
    const since = now - windowSeconds * 1000;
    const excess = Math.max(0, events.length + 1 - this.maxEventsPerKey);
    const stale = events.filter((e, i) => e.at < since || i < excess);
    // Batch the clean-up: a few stale events cost nothing, an update per comment would.
    if (stale.length === 0 || (excess === 0 && stale.length < 20 && stale.length < events.length)) return;
    await this.collection.updateOne({ _id: id }, { $pullAll: { e: stale } });
  }
}
