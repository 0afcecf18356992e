// The comment text with its evidence marked: the checks report spans as
// UTF-16 offsets into the original text, which is exactly how JavaScript
// strings index, so slices of the text become text nodes and <mark>s.
import { inertText } from './bidi.js';
import { h } from './dom.js';

/**
 * Where a span really is in `text`: its offsets when they hold its text (or,
 * for a long span whose quote was cut, begin with it), else its first
 * occurrence, else nowhere.
 */
function locate(text, span) {
  const { start, end } = span;
  const quote = typeof span.text === 'string' ? span.text : null;
  const holds = quote === null || (span.truncated ? text.slice(start, start + quote.length) === quote : text.slice(start, end) === quote);
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= text.length && holds) {
    return { start, end };
  }
  // Offsets that disagree with the text are not trusted: marking the wrong words would mislead.
  const at = typeof span.text === 'string' && span.text ? text.indexOf(span.text) : -1;
  return at >= 0 ? { start: at, end: at + span.text.length } : null;
}

/** Every evidence span of `reasons` pointing into `field`, located in `text`, with the rule that found it. */
export function evidenceSpans(text, reasons, field) {
  const found = [];
  for (const reason of reasons ?? []) {
    for (const span of reason.evidence?.spans ?? []) {
      if (span.field !== field) continue;
      const at = locate(text, span);
      if (at) found.push({ ...at, rule: reason.rule, matched: span.matched });
    }
  }
  return found;
}

/**
 * A fragment of text nodes and <mark>s. Overlapping spans (two rules on the
 * same words) are cut at every boundary, so each piece is marked once and
 * names all the rules covering it.
 */
export function highlightedText(text, reasons, field = 'text') {
  const fragment = document.createDocumentFragment();
  const spans = evidenceSpans(text, reasons, field);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i];
    const to = cuts[i + 1];
    const piece = text.slice(from, to);
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    if (covering.length === 0) {
      fragment.append(inertText(piece));
      continue;
    }
    const rules = [...new Set(covering.map((s) => s.rule))];
    const matched = [...new Set(covering.map((s) => s.matched).filter(Boolean))];
    const title = `${rules.join(', ')}${matched.length ? ` (matched "${matched.join('", "')}")` : ''}`;
    fragment.append(h('mark', { title, 'data-rules': rules.join(' ') }, piece));
  }
  return fragment;
}
