// History for a replay, rebuilt in memory from the replayed stream in time
// order. The history stored when each comment arrived cannot be restored
// cheaply, so duplicates and floods are judged among the replayed comments
// only. Keys are the service's (history-keys.ts) and so are the rules for
// which events count; unlike MemoryHistoryStore, keys whose events have all
// left the longest window are dropped, so memory follows the traffic inside
// one window, not the length of the replay.
import type { PreparedComment } from '../../moderation/engine';
import { eventFor, historyKeys, relevantEvents, type HistoryStore } from '../../moderation/history-keys';
import type { HistoryEvent, HistorySnapshot } from '../../moderation/types';

export class ReplayHistoryStore implements HistoryStore {
  private readonly events = new Map<string, HistoryEvent[]>();
  private recordsSinceSweep = 0;

  /**
   * @param retainSeconds the longest history window of any rule set replayed
   * @param maxEventsPerKey the service's cap per key (MongoHistoryStore keeps 200)
   */
  constructor(private readonly retainSeconds: number, private readonly maxEventsPerKey = 200, private readonly sweepEvery = 5000) {}

  get keyCount(): number {
    return this.events.size;
  }

  async recordAndFetch(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): Promise<HistorySnapshot> {
    return this.recordAndFetchNow(prepared, commentId, now, windowSeconds);
  }

  /** recordAndFetch without the promise: replay calls it once per comment, and nothing here waits. */
  recordAndFetchNow(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): HistorySnapshot {
    const snapshot: HistorySnapshot = { byAuthor: [], byEmail: [], byIp: [], byText: [] };
    const event = eventFor(prepared, commentId, now);
    const since = now - Math.max(windowSeconds, this.retainSeconds) * 1000;
    for (const key of historyKeys(prepared)) {
      const list = this.events.get(key.id) ?? [];
      snapshot[key.kind] = relevantEvents(list, commentId, now, windowSeconds);
      const kept = list.length > 0 && list[0]!.at < since ? list.filter((e) => e.at >= since) : list;
      kept.push(event);
      this.events.set(key.id, kept.length > this.maxEventsPerKey ? kept.slice(-this.maxEventsPerKey) : kept);
    }
    if (++this.recordsSinceSweep >= this.sweepEvery) this.sweep(since);
    return snapshot;
  }

  /** Drops keys whose newest event is older than the window: they can never matter again. */
  private sweep(since: number): void {
    this.recordsSinceSweep = 0;
    for (const [key, list] of this.events) {
      if (list[list.length - 1]!.at < since) this.events.delete(key);
    }
  }
}
