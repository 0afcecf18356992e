// Which history a comment belongs to: one key per identity it carries
// (author name, email, IP) and one for its text. Shared by the database
// store and the in-memory store, so the service and `moderate check` agree.
import type { PreparedComment } from './engine';
import { identityFingerprint } from './fingerprint';
import type { HistoryEvent, HistorySnapshot } from './types';

export type HistoryKind = keyof HistorySnapshot;

export interface HistoryKey {
  kind: HistoryKind;
  /** Stable key, safe to use as a document _id: site|kind|hash. */
  id: string;
}

export function historyKeys(prepared: PreparedComment): HistoryKey[] {
  const { comment } = prepared;
  const key = (kind: HistoryKind, hash: string): HistoryKey => ({ kind, id: `${comment.site}|${kind}|${hash}` });
  const keys = [key('byAuthor', identityFingerprint(prepared.name.text)), key('byText', prepared.textHash)];
  if (comment.email) keys.push(key('byEmail', identityFingerprint(comment.email)));
  if (comment.ip) keys.push(key('byIp', identityFingerprint(comment.ip)));
  return keys;
}

export function eventFor(prepared: PreparedComment, commentId: string, now: number): HistoryEvent {
  return { at: now, textHash: prepared.textHash, authorHash: identityFingerprint(prepared.name.text), commentId };
}

/**
 * The events a decision may use: inside the window, and not this comment's
 * own (a retried submission with the same externalId keeps its id).
 */
export function relevantEvents(events: readonly HistoryEvent[], commentId: string, now: number, windowSeconds: number): HistoryEvent[] {
  const since = now - windowSeconds * 1000;
  const seen = new Set<string>([commentId]);
  const out: HistoryEvent[] = [];
  for (const e of events) {
    if (e.at < since || e.at > now || seen.has(e.commentId)) continue;
    seen.add(e.commentId);
    out.push(e);
  }
  return out;
}

/** Records a comment in its histories and returns what was there before it. */
export interface HistoryStore {
  recordAndFetch(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): Promise<HistorySnapshot>;
}
