// Bounds on what a decision carries, whatever the comment: a text that says
// one listed word 4,000 times produced a reason with 4,000 spans (a 293 KB
// answer, 606 KB stored), and a text full of different listed words one
// reason per word. A moderator needs examples and counts, not every repeat.
//
// Applied by the engine to every new decision, and by every view of a stored
// one, so comments stored before these bounds are served bounded too.
import type { Reason, Span } from './types';

export const EVIDENCE_LIMITS = {
  /** Spans kept per reason: the first ones in the text; `evidence.spanCount` says how many there were. */
  spansPerReason: 10,
  /** Spans kept over all the reasons of one comment, in reason order. */
  spansPerComment: 30,
  /** Reasons kept per rule (same check, rule and action); the rest become one "and N more" reason. */
  reasonsPerRule: 10,
  /** Characters of the reader's text quoted inside a message. */
  quotedCharacters: 60,
  /** Characters of a span's text (and match) kept: a link or a sentence can cover the whole comment. */
  spanCharacters: 200,
} as const;

const longSpan = (s: Span) => s.text.length > EVIDENCE_LIMITS.spanCharacters || (s.matched?.length ?? 0) > EVIDENCE_LIMITS.spanCharacters;

/** A span whose quoted text is cut to its first spanCharacters (the offsets still cover all of it). */
function shortSpan(s: Span): Span {
  if (!longSpan(s)) return s;
  const cut = (t: string) => {
    const max = EVIDENCE_LIMITS.spanCharacters;
    return t.length <= max ? t : t.slice(0, /[\uD800-\uDBFF]/.test(t[max - 1]!) ? max - 1 : max);
  };
  return { ...s, text: cut(s.text), ...(s.matched !== undefined && { matched: cut(s.matched) }), truncated: true };
}

/** Text quoted in a message, cut to a readable length ("aaaa…" with the length it had). */
export function quoted(text: string, max: number = EVIDENCE_LIMITS.quotedCharacters): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in two.
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, cut)}… (${text.length} characters)`;
}

/** True when a list of reasons is already within every bound (the common case: nothing is copied). */
export function withinLimits(reasons: readonly Reason[]): boolean {
  let spans = 0;
  const perRule = new Map<string, number>();
  for (const r of reasons) {
    const n = r.evidence?.spans?.length ?? 0;
    if (n > EVIDENCE_LIMITS.spansPerReason) return false;
    if (n > 0 && r.evidence.spans!.some(longSpan)) return false;
    spans += n;
    const key = ruleKey(r);
    const count = (perRule.get(key) ?? 0) + 1;
    if (count > EVIDENCE_LIMITS.reasonsPerRule) return false;
    perRule.set(key, count);
  }
  return spans <= EVIDENCE_LIMITS.spansPerComment;
}

const ruleKey = (r: Reason) => `${r.check}\u0000${r.rule}\u0000${r.action}`;

/**
 * The reasons within the bounds: at most reasonsPerRule reasons per rule, the
 * rest counted in one closing reason with the same check, rule and action (so
 * the decision, its rule ids and any filter on them are unchanged); at most
 * spansPerReason spans per reason and spansPerComment in all, each cut
 * reason keeping in `spanCount` how many spans it found.
 */
export function capReasons(reasons: readonly Reason[]): Reason[] {
  if (withinLimits(reasons)) return reasons as Reason[];
  const kept: Reason[] = [];
  const perRule = new Map<string, { seen: number; overflow?: Reason }>();
  for (const reason of reasons) {
    const key = ruleKey(reason);
    const entry = perRule.get(key) ?? { seen: 0 };
    perRule.set(key, entry);
    entry.seen++;
    if (entry.seen <= EVIDENCE_LIMITS.reasonsPerRule) {
      kept.push(reason);
      continue;
    }
    if (!entry.overflow) {
      entry.overflow = { check: reason.check, rule: reason.rule, action: reason.action, message: '', evidence: { count: 0 } };
      kept.push(entry.overflow);
    }
    entry.overflow.evidence.count! += 1;
  }
  for (const entry of perRule.values()) {
    if (!entry.overflow) continue;
    const n = entry.overflow.evidence.count!;
    entry.overflow.message = `And ${n} more ${n === 1 ? 'reason' : 'reasons'} from rule ${entry.overflow.rule}, not listed one by one.`;
  }
  let budget: number = EVIDENCE_LIMITS.spansPerComment;
  return kept.map((reason) => {
    const spans = reason.evidence?.spans;
    if (!spans) return reason;
    const keep = Math.min(spans.length, EVIDENCE_LIMITS.spansPerReason, budget);
    budget -= keep;
    const short = (list: Span[]) => (list.some(longSpan) ? list.map(shortSpan) : list);
    if (keep === spans.length) return spans.some(longSpan) ? { ...reason, evidence: { ...reason.evidence, spans: short(spans) } } : reason;
    const total = reason.evidence.spanCount ?? spans.length;
    const cut: Span[] = short(spans.slice(0, keep));
    return { ...reason, evidence: { ...reason.evidence, spans: cut, spanCount: total } };
  });
}
