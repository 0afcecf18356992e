// Normalise once, match many. The result keeps a map from every normalised
// character back to the original text, so evidence spans point at what the
// reader actually wrote.
import type { NormalizedText } from './types';

/**
 * Lower-cases and NFKC-folds the text, one original code point at a time so
 * offsets stay exact, and drops zero-width characters and combining marks.
 */
export function normalize(original: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').toLowerCase();
    if (!/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/.test(folded)) {
      for (let k = 0; k < folded.length; k++) map.push(i);
      text += folded;
    }
    i += ch.length;
  }
  map.push(original.length);
  return { original, text, toOriginal: Uint32Array.from(map) };
}

/** The original span [start, end) behind normalised offsets [nStart, nEnd). */
export function originalRange(n: NormalizedText, nStart: number, nEnd: number): { start: number; end: number } {
  const start = n.toOriginal[nStart] ?? n.original.length;
  // The end maps through the last matched character, then past its whole code point.
  const last = n.toOriginal[Math.max(nStart, nEnd - 1)] ?? n.original.length;
  const cp = n.original.codePointAt(last);
  const end = nEnd > nStart ? last + (cp !== undefined && cp > 0xffff ? 2 : 1) : start;
  return { start, end: Math.min(end, n.original.length) };
}
