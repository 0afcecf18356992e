// Contact details in normalised text: email addresses (also "name at gmail
// dot com") and phone numbers written with spaces, dots, dashes or brackets.
// Patterns are compiled once at module load and reused.
import { dualPattern, type DualPattern } from './ascii-pattern';

export interface FoundContact {
  kind: 'email' | 'phone';
  /** Normalised offsets [start, end). */
  start: number;
  end: number;
  /** Digits of a phone number; the address of an email, as matched. */
  value: string;
}

const EMAIL = dualPattern(String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}(?:@|\s*[([]at[)\]]\s*)[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.[a-z]{2,24}(?![\p{L}\p{N}])`, 'gu');
// Spelled-out addresses are only believed for the big free mail providers:
// "meet me at school dot com" is rarer than "john at gmail dot com".
const SPELLED_EMAIL = dualPattern(
  String.raw`(?<![\p{L}\p{N}._-])[\p{L}\p{N}._-]{2,64}\s+at\s+(?:gmail|yahoo|hotmail|outlook|live|aol|icloud|protonmail|mail|yandex)\s*(?:\.|\s+dot\s+)\s*(?:com|net|ru|co\.uk)(?![\p{L}\p{N}])`,
  'gu',
);
// Digit groups joined by single separators, optionally with +country code or a bracketed area code.
// Digits right after "/", "=", "#" and the like belong to a URL or an id, not a phone number.
//
// Where a run of digits starts, a group first makes sure the run is no longer
// than the longest number judged (maxDigits): a match holding a longer run is
// dropped anyway, and without this guard the pattern tried every way of
// cutting such a run into groups before failing (about 0.2 ms for each run of
// 40 digits: 80 ms for 20,000 characters of them).
const phonePatterns = new Map<number, DualPattern>();
function phonePattern(maxDigits: number): DualPattern {
  let pattern = phonePatterns.get(maxDigits);
  if (!pattern) {
    const run = String.raw`(?:(?<=\d)|(?!\d{${maxDigits + 1}}))`;
    pattern = dualPattern(
      String.raw`(?<![\p{L}\p{N}+.,/=?&#_:\-])(?:\+\s?)?(?:\(${run}\d{1,5}\)\s?)?${run}\d{1,6}(?:[ .\-]?\(?${run}\d{2,6}\)?){0,5}(?![\p{L}\p{N}]|[.,]\d)`,
      'gu',
    );
    phonePatterns.set(maxDigits, pattern);
  }
  return pattern;
}
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;
// "1000000000 views": a round number is a count.
const ROUND = /^\d0+$/;

export interface PhoneOptions {
  minDigits: number;
  maxDigits: number;
}

// Cheap ASCII tests run first: the Unicode-aware patterns cost far more per
// character, and most comments have no address at all.
// An address needs a dotted domain right after its "@": "@someone" mentions (every other tweet) fail here.
const MAY_HAVE_EMAIL = dualPattern(String.raw`@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2}|[([]at[)\]]`, 'u');
const MAY_HAVE_SPELLED_EMAIL = /\sat\s+(?:gmail|yahoo|hotmail|outlook|live|aol|icloud|protonmail|mail|yandex)/;

/** Email addresses in normalised text; `ascii`: the text is known to be all ASCII. */
export function findEmails(text: string, ascii = false): FoundContact[] {
  const plain = MAY_HAVE_EMAIL.for(text, ascii).test(text);
  const spelled = MAY_HAVE_SPELLED_EMAIL.test(text);
  const written = plain ? matchesOf(EMAIL.for(text, ascii), text) : [];
  if (!spelled) return written;
  // A spelled-out address overlapping a written one is the same address. Both
  // lists ascend and neither overlaps itself, so one sweep finds the overlaps
  // (a test of each against all made thousands of addresses quadratic).
  const found = written.slice();
  let next = 0;
  for (const s of matchesOf(SPELLED_EMAIL.for(text, ascii), text)) {
    while (next < written.length && written[next]!.end <= s.start) next++;
    if (next < written.length && written[next]!.start < s.end) continue;
    found.push(s);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Every match of a global pattern, as email findings in ascending order. */
function matchesOf(pattern: RegExp, text: string): FoundContact[] {
  const out: FoundContact[] = [];
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, value: m[0] });
  return out;
}

/**
 * Phone numbers in normalised text. A number needs `minDigits` digits, so
 * callers skip text with fewer: the patterns check counts them in the pass
 * that also finds its words (comment-text.ts).
 */
export function findPhones(text: string, options: PhoneOptions, ascii = false): FoundContact[] {
  const found: FoundContact[] = [];
  const pattern = phonePattern(options.maxDigits).for(text, ascii);
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '');
    if (digits.length < options.minDigits || digits.length > options.maxDigits) continue;
    // "2.126.521.750 views" is a count, not a phone number.
    if (THOUSANDS.test(raw) || ROUND.test(digits)) continue;
    found.push({ kind: 'phone', start: m.index, end: m.index + raw.length, value: digits });
  }
  return found;
}
