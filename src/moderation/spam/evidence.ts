// Evidence spans for the spam checks: matching happens on normalised text,
// but a moderator must see what the reader actually wrote, so every span is
// mapped back to original offsets here.
import { originalRange } from '../normalize';
import type { EvidenceField, NormalizedText, Span } from '../types';

/** Evidence lists stay short: a moderator needs examples, not every repeat. */
export const MAX_SPANS = 10;

export function spanOf(n: NormalizedText, field: EvidenceField, nStart: number, nEnd: number, matched?: string): Span {
  const { start, end } = originalRange(n, nStart, nEnd);
  const text = n.original.slice(start, end);
  const span: Span = { field, start, end, text };
  if (matched !== undefined && matched !== text) span.matched = matched;
  return span;
}

/** "1 link", "3 links": messages read as sentences. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
