// Comment texts built to find work that grows faster than the text: each
// shape is a prefix (a link, an address, a listed word: what makes a check
// look closer) and a unit repeated to the wanted length. The first ones are
// those an outside review sent; the rest came from sweeping every check over
// repeated pairs of characters, words and separators. Shared by
// bench/adversarial.js (time per shape at 20,000 characters) and
// tests/unit/adversarial-linear.test.ts (growth from 2,000 to 20,000).
'use strict';

const SHAPES = [
  // Sent by the review: one-character tokens and a long host.
  { name: 'digit space', unit: '1 ' },
  { name: 'digit dash', unit: '1-' },
  { name: 'digit dot', unit: '1.' },
  { name: 'digit comma', unit: '9,' },
  { name: 'www dot', unit: 'www.' },
  { name: 'swear word, spaced', unit: 'fuck ' },
  // Profanity: one long word, masks, allow-listed words around listed ones.
  { name: 'swear word, joined', unit: 'fuck' },
  { name: 'masked word, joined', unit: 'f*ck' },
  { name: 'mask after letter', unit: 'a*' },
  { name: 'leetspeak word', unit: '4ss ' },
  { name: 'masked and plain', unit: 'f*ck fuck ' },
  { name: 'allowed and listed', unit: 'assess fuck ' },
  { name: 'spaced letters', unit: 'f u c k ' },
  { name: 'symbol digit', unit: '$=' },
  { name: 'digit newline', unit: '1\n' },
  { name: 'emoji digit', unit: '\u{1F600}1' },
  // Links: long hosts and spelled-out dots after a spelled-out domain.
  { name: 'tld dot', unit: 'com.' },
  { name: 'www label', unit: 'www.a' },
  { name: 'spelled dots after a domain', prefix: 'a dot com ', unit: 'x . ' },
  { name: 'spelled "dot" after a domain', prefix: 'a[.]com ', unit: 'x dot ' },
  { name: 'bracketed dots after an address', prefix: 'john at gmail dot com ', unit: 'x [.] ' },
  { name: 'url with trailing punctuation', prefix: 'http://x', unit: '.,' },
  { name: 'bare domains', unit: 'a.com ' },
  // Patterns: digit runs, many addresses, phone-like groups.
  { name: 'long digit runs', unit: `${'1'.repeat(40)} ` },
  { name: 'digit runs to the limit', unit: `${'1'.repeat(20)}a` },
  { name: 'many email addresses', prefix: 'john at gmail dot com ', unit: 'a@b.co ' },
  { name: 'country codes', unit: '+1 ' },
  { name: 'bracketed groups', unit: '(12) ' },
  // Shape: repeated words and phrases.
  { name: 'letter dot', unit: 'a.' },
  { name: 'repeated phrase', unit: 'buy cheap pills now ' },
  // Normalising: non-ASCII letters, invisible and bidi characters, fullwidth.
  { name: 'accented letter', unit: '\u00e9 ' },
  { name: 'combining mark', unit: 'a\u0301' },
  { name: 'fullwidth word', unit: '\uff46\uff55\uff43\uff4b ' },
  { name: 'right-to-left override', unit: 'ab\u202e' },
  { name: 'zero-width space', unit: 'f\u200bu\u200bc\u200bk ' },
];

/** The shape's text at exactly `length` UTF-16 units (a split surrogate pair at the end is dropped). */
function shapeText(shape, length) {
  const prefix = shape.prefix ?? '';
  const text = (prefix + shape.unit.repeat(Math.ceil(length / shape.unit.length) + 1)).slice(0, length);
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

module.exports = { SHAPES, shapeText };
