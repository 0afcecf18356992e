// Links check on real comments from data/corpora/youtube-spam and sms-spam,
// compiled with the shipped rules.
import { linksCheck } from '../../src/moderation/checks/links';
import { LinkFinder } from '../../src/moderation/spam/link-finder';
import { actionOf, compileCheck, reasonFor } from './spam-check-harness';

const links = compileCheck(linksCheck);

describe('links check', () => {
  it('holds a comment that is only a link, with the link span at original offsets', () => {
    const result = links('https://twitter.com/GBphotographyGB\ufeff'); // youtube-spam, Psy video, spam
    expect(actionOf(result)).toBe('hold');
    const bare = reasonFor(result, 'links.bare')!;
    expect(bare.evidence.spans![0]).toMatchObject({ field: 'text', start: 0, end: 35, text: 'https://twitter.com/GBphotographyGB', matched: 'twitter.com' });
    expect(bare.evidence).toMatchObject({ count: 0, limit: 20 });
    expect(result.scores!.links).toBe(1);
    // Letters are counted between and around the links, exactly while under the limit.
    const between = reasonFor(links('win big: http://a-shop.com/x and http://b-shop.net/y now'), 'links.bare')!;
    expect(between.evidence).toMatchObject({ count: 12, limit: 20 });
    expect(reasonFor(links('a few more words here, then http://a-shop.com/x and more'), 'links.bare')).toBeUndefined();
  });

  it('holds a URL shortener and names the shortener domain', () => {
    const text = 'Discover a beautiful song of A young Moroccan     http://www.linkbucks.com/AcN2g\ufeff'; // spam
    const reason = reasonFor(links(text), 'links.shortener')!;
    expect(reason.action).toBe('hold');
    expect(reason.message).toContain('linkbucks.com');
    const start = text.indexOf('http://');
    expect(reason.evidence.spans![0]).toMatchObject({ start, end: start + 'http://www.linkbucks.com/AcN2g'.length });
  });

  it('finds a domain written with spaces around the dot, and maps the span back', () => {
    const text = 'Hey, check out my new website!! This site is about kids stuff. kidsmediausa  . com'; // spam
    const reason = reasonFor(links(text), 'links.obfuscated')!;
    const span = reason.evidence.spans![0]!;
    expect(span).toMatchObject({ text: 'kidsmediausa  . com', start: text.indexOf('kidsmediausa'), matched: 'kidsmediausa.com' });
  });

  it('finds "dot com", "[.]" and "www .x .com" spellings', () => {
    for (const [text, host] of [
      ['buy cheap followers at fastfans dot com today, best prices anywhere', 'fastfans.com'],
      ['my shop is fastfans[.]net and the prices are the best anywhere', 'fastfans.net'],
      ['go to www .fastfans .com for the best prices anywhere on the web', 'fastfans.com'],
      ['shop at fastfans. com today, or at fastfans (dot) com tomorrow', 'fastfans.com'],
      // Beside a plain link, which alone would let the scan skip the obfuscated form.
      ['see http://ok-shop.com/x or fastfans {.} net for the best deals anywhere', 'fastfans.net'],
    ] as const) {
      expect(reasonFor(links(text), 'links.obfuscated')?.evidence.spans?.[0]?.matched).toBe(host);
    }
  });

  it('reads a whole link when its first link sign sits inside it, after earlier ones', () => {
    // The scan starts at the word of the first link sign (".com" here), so it must
    // begin at that word's start, not at the sign, or "my-site." would be lost.
    const finder = new LinkFinder({ tlds: ['com'], pathOnlyTlds: ['me'], obfuscatedTlds: ['com'] });
    const text = 'loved the www era and the .com days. now see my-site.example.com/page for more';
    expect(finder.find(text)).toEqual([{ start: text.indexOf('my-site'), end: text.indexOf(' for'), host: 'my-site.example.com', obfuscated: false }]);
    expect(finder.find('mixtape\tfreebeats.example.com')).toEqual([{ start: 8, end: 29, host: 'freebeats.example.com', obfuscated: false }]);
    // Told the text is ASCII (the normaliser knows), it finds the same without testing for itself.
    expect(finder.find(text, true)).toEqual(finder.find(text));
  });

  it('counts distinct links against the limit', () => {
    const text = 'Compare these: http://a-shop.com/x and http://b-shop.net/y and http://c-shop.org/z, all great deals for everyone';
    const reason = reasonFor(links(text), 'links.count')!;
    expect(reason.evidence).toMatchObject({ count: 3, limit: 2 });
    expect(reason.evidence.spans!.map((s) => s.text)).toEqual(['http://a-shop.com/x', 'http://b-shop.net/y', 'http://c-shop.org/z']);
    // The same URL as link and visible text is one link.
    expect(reasonFor(links('see http://a-shop.com/x http://a-shop.com/x http://a-shop.com/x for more about it'), 'links.count')).toBeUndefined();
  });

  it('rejects a link to a listed IP logger', () => {
    const result = links('lol look at this picture of you grabify.link/ABC123 haha so funny');
    expect(actionOf(result)).toBe('reject');
    expect(reasonFor(result, 'links.blocked')!.message).toContain('grabify.link');
  });

  it('holds an author name that is a web or email address', () => {
    const web = reasonFor(links('Nice song', 'www.cheap-followers.com'), 'links.name')!;
    expect(web.evidence.spans![0]).toMatchObject({ field: 'name', start: 0, end: 23 });
    expect(reasonFor(links('Nice song', 'deals@cheap-followers.com'), 'links.name')).toBeDefined();
    expect(links('Nice song', 'Julius NM').reasons).toEqual([]);
  });

  it('leaves real comments with a link and some words alone', () => {
    for (const text of [
      'Katy Perry - Roar (Official): http://youtu.be/CevxZvSJLk8\ufeff', // youtube-spam ham
      'Actually i deleted my old website..now i m blogging at magicalsongs.blogspot.com', // sms ham
      'It doesnt make sense to take it there unless its free. If you need to know more, wikipedia.com', // sms ham
      "So how's scotland. Hope you are not over showing your JJC tendencies. Take care. Live the dream", // sms ham
      'Ok.i am going home now, e.g. at 5.30pm', // abbreviations are not domains
    ]) {
      expect(links(text).reasons).toEqual([]);
    }
  });

  it('lets a site allow its own domain, rename a rule and change its action', () => {
    const site = compileCheck(
      linksCheck,
      { allowedDomains: ['mynews.example'], shortener: { rule: 'site.short', action: 'reject', list: 'lists/short.txt' } },
      { 'lists/short.txt': '# shorteners\nbit.ly\n' },
    );
    expect(site('https://mynews.example/story/42').reasons).toEqual([]);
    const short = site('I wrote more about this here: https://bit.ly/abc123 if you are curious');
    expect(actionOf(short)).toBe('reject');
    expect(short.reasons.map((r) => r.rule)).toEqual(['site.short']);
  });
});
