// History kept in process memory, for `moderate check` over one input stream
// (the service keeps history in the database so every instance agrees).
import { eventFor, historyKeys, relevantEvents, type HistoryStore } from './history-keys';
import type { PreparedComment } from './engine';
import type { HistoryEvent, HistorySnapshot } from './types';

export class MemoryHistoryStore implements HistoryStore {
  private readonly events = new Map<string, HistoryEvent[]>();

  constructor(private readonly maxEventsPerKey = 500) {}

  async recordAndFetch(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): Promise<HistorySnapshot> {
    const snapshot: HistorySnapshot = { byAuthor: [], byEmail: [], byIp: [], byText: [] };
    const event = eventFor(prepared, commentId, now);
    for (const key of historyKeys(prepared)) {
      const list = this.events.get(key.id) ?? [];
      snapshot[key.kind] = relevantEvents(list, commentId, now, windowSeconds);
      const since = now - windowSeconds * 1000;
      const kept = list.filter((e) => e.at >= since);
      kept.push(event);
      this.events.set(key.id, kept.slice(-this.maxEventsPerKey));
    }
    return snapshot;
  }
}
