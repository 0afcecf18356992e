// Finds links in normalised (lower-case) text in one regex pass: full URLs,
// www. addresses, bare domains, YouTube "watch?v=" fragments and obfuscated
// domains ("example dot com", "example[.]com", "www .example .com").
// The regex is built once per rule load from the configured TLD lists.
import { dualPattern, type DualPattern } from './ascii-pattern';

export interface FoundLink {
  /** Normalised offsets [start, end). */
  start: number;
  end: number;
  /** Host name, lower case, without "www." and without a trailing dot. */
  host: string;
  /** Written so that it does not look like a link: "dot com", "[.]", spaces around dots. */
  obfuscated: boolean;
}

export interface LinkFinderOptions {
  /** TLDs that make a bare "name.tld" a link (com, net, ...). */
  tlds: string[];
  /** TLDs that are also common words or abbreviations (me, in, to, ...): bare domains count only with a path. */
  pathOnlyTlds: string[];
  /**
   * TLDs believed after a spelled-out dot ("example dot com", "example . com").
   * Kept short: after a full stop, "Take care. Live the dream" must not read as care.live.
   */
  obfuscatedTlds: string[];
}

const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,62})';
const URL_TAIL = '[^\\s<>"\'`]*';
// Separators people use to keep a domain from being linked. "word. " also
// ends sentences, so it is only believed right before the TLD: in
// "kids stuff. kidsmediausa . com" the domain starts at "kidsmediausa".
const SPELLED_DOT = '(?:\\s*[\\[({]\\s*(?:\\.|dot)\\s*[\\])}]\\s*|\\s+dot\\s+|\\s+\\.\\s*)';
const OBFUSCATED_DOT = `(?:${SPELLED_DOT}|\\s*\\.\\s+)`;
// Spelled-out domains longer than this ("a dot b dot ... dot com") are found by their last labels.
const OBFUSCATED_MAX_LABELS = 6;
// Trailing characters that end a sentence rather than a URL.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"’”]+$/;
// Words that read as "the dot com bubble", not as a domain.
const NOT_A_DOMAIN_LABEL = new Set(['the', 'a', 'an', 'and', 'or', 'dot']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (tlds: string[]) => [...tlds].sort((a, b) => b.length - a.length).map(escape).join('|');

export class LinkFinder {
  private readonly pattern: DualPattern;
  /**
   * The same pattern without its last alternative, the obfuscated domain:
   * that alternative cost three quarters of the scan (it retries every word
   * as a label) and matches a few comments in a thousand. When
   * `mayBeObfuscated` finds no spelled-out dot before a TLD it cannot match
   * anywhere, and dropping the last alternative of an alternation that can
   * never match changes no match.
   */
  private readonly plainPattern: DualPattern;
  /** Every obfuscated domain ends in "]", ")", "}", "dot", or a dot with a space beside it, then its TLD. */
  private readonly mayBeObfuscated: RegExp;
  /**
   * A cheap ASCII test that every link the full pattern finds also passes:
   * most comments have no link, and the Unicode-aware pattern costs far more
   * per character than this one.
   */
  private readonly mayHaveLink: RegExp;

  constructor(options: LinkFinderOptions) {
    const tlds = alternation(options.tlds);
    const pathOnly = alternation(options.pathOnlyTlds.length ? options.pathOnlyTlds : ['invalid']);
    const notInWord = '(?<![\\p{L}\\p{N}@.\\-_/])';
    const endOfLabel = '(?![\\p{L}\\p{N}\\-_])';
    const sources = [
      // 1: scheme or www.
      `(?<![\\p{L}\\p{N}])(?:https?:\\/\\/|www\\d{0,3}\\.)${URL_TAIL}`,
      // 2: bare domain with a common TLD, optional path
      `${notInWord}(?:${LABEL}\\.)+(?:${tlds})${endOfLabel}(?:[/?#:]${URL_TAIL})?`,
      // 3: bare domain with a word-like TLD, only with a path
      `${notInWord}(?:${LABEL}\\.)+(?:${pathOnly})\\/${URL_TAIL}`,
      // 4: a YouTube video reference without its domain
      `(?<![\\p{L}\\p{N}/])watch\\?v=[\\w-]{6,}`,
      // 5: obfuscated domain, of at most OBFUSCATED_MAX_LABELS labels before its TLD: unbounded, the
      // chain was retried from every word of "x dot x dot x ..." to the end (quadratic: 0.6 s at 20,000 characters)
      `${notInWord}((?:${LABEL}${SPELLED_DOT}){0,${OBFUSCATED_MAX_LABELS - 1}}${LABEL}${OBFUSCATED_DOT})(${alternation(options.obfuscatedTlds.length ? options.obfuscatedTlds : ['invalid'])})${endOfLabel}`,
    ];
    this.pattern = dualPattern(sources.map((s) => `(${s})`).join('|'), 'gu');
    this.plainPattern = dualPattern(sources.slice(0, -1).map((s) => `(${s})`).join('|'), 'gu');
    this.mayBeObfuscated = new RegExp(`(?:[\\])}]|dot|\\s\\.|\\.\\s)\\s*(?:${alternation(options.obfuscatedTlds.length ? options.obfuscatedTlds : ['invalid'])})`);
    const anyTld = alternation([...options.tlds, ...options.obfuscatedTlds]);
    this.mayHaveLink = new RegExp(`:\\/\\/|www|watch\\?v=|(?:\\.|dot|[\\])}])\\s*(?:${anyTld})(?![a-z0-9-])|\\.(?:${pathOnly})\\/`);
  }

  /** Links in normalised text; `ascii`: the text is known to be all ASCII. */
  find(text: string, ascii = false): FoundLink[] {
    const links: FoundLink[] = [];
    const firstSign = text.search(this.mayHaveLink);
    if (firstSign < 0) return links;
    const obfuscated = this.mayBeObfuscated.test(text);
    const pattern = (obfuscated ? this.pattern : this.plainPattern).for(text, ascii);
    // Without the obfuscated alternative a link holds no whitespace and holds
    // a prefilter hit, so no link starts before the word of the first hit:
    // the scan starts there (links sit late in most comments that have one).
    pattern.lastIndex = obfuscated ? 0 : wordStart(text, firstSign);
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (m[6] !== undefined) {
        const labels = m[6].split(/[\s.[\](){}]+|\s+dot\s+/).filter((l) => l && l !== 'dot');
        if (labels.length === 0 || NOT_A_DOMAIN_LABEL.has(labels[labels.length - 1]!)) continue;
        links.push({ start: m.index, end: m.index + m[0].length, host: [...labels, m[7]!].join('.').replace(/^www\d{0,3}\./, ''), obfuscated: true });
        continue;
      }
      const raw = m[0];
      const trimmed = raw.replace(TRAILING_PUNCTUATION, '');
      if (m[1] !== undefined && /^(?:https?:\/\/|www\d{0,3}\.)$/.test(trimmed)) continue;
      const host = m[4] !== undefined ? 'youtube.com' : hostOf(trimmed);
      links.push({ start: m.index, end: m.index + trimmed.length, host, obfuscated: false });
    }
    return links;
  }
}

/** Just after the last ASCII whitespace before `at` (0 if none): no link spans whitespace. */
function wordStart(text: string, at: number): number {
  let i = at;
  while (i > 0) {
    const code = text.charCodeAt(i - 1);
    if (code === 32 || (code >= 9 && code <= 13)) break;
    i--;
  }
  return i;
}

function hostOf(url: string): string {
  let rest = url.replace(/^https?:\/\//, '');
  const cut = rest.search(/[/?#:]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  return rest.replace(/^www\d{0,3}\./, '').replace(/\.+$/, '');
}

/** True when `host` is `domain` or one of its subdomains, for each domain in the set. */
export class DomainSet {
  private readonly domains: Set<string>;
  /** The most labels any listed domain has: no longer suffix of a host can be listed. */
  private readonly maxLabels: number;

  constructor(domains: Iterable<string>) {
    this.domains = new Set([...domains].map((d) => d.trim().toLowerCase().replace(/^www\./, '').replace(/\.+$/, '')).filter(Boolean));
    this.maxLabels = Math.max(0, ...[...this.domains].map((d) => d.split('.').length));
  }

  get size(): number {
    return this.domains.size;
  }

  /**
   * The listed domain that covers `host`, or undefined: the longest suffix
   * of whole labels that is listed. Only suffixes of up to maxLabels labels
   * are cut, from the right, so a host of thousands of labels ("www.www.www...")
   * costs a few slices, not one per label (which made 20,000 characters cost
   * 150 ms).
   */
  covering(host: string): string | undefined {
    if (this.maxLabels === 0) return undefined;
    // Starts of the suffixes with 1, 2, ... maxLabels labels, shortest first.
    const starts: number[] = [];
    let dot = host.length;
    while (starts.length < this.maxLabels) {
      dot = host.lastIndexOf('.', dot - 1);
      if (dot < 0) {
        starts.push(0);
        break;
      }
      starts.push(dot + 1);
      if (dot === 0) {
        // A leading dot: the whole host is one more (empty-labelled) suffix.
        if (starts.length < this.maxLabels) starts.push(0);
        break;
      }
    }
    for (let k = starts.length - 1; k >= 0; k--) {
      const candidate = host.slice(starts[k]);
      if (this.domains.has(candidate)) return candidate;
    }
    return undefined;
  }
}
