// Links: how many URLs and domains a comment carries, to where (blocked
// domains, URL shorteners), whether they are disguised ("example dot com"),
// whether the author name is itself an advert, and whether the comment is
// little more than a link.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { quoted } from '../evidence-caps';
import { findEmails } from '../spam/contacts';
import { MAX_SPANS, plural, spanOf } from '../spam/evidence';
import { DomainSet, LinkFinder, type FoundLink } from '../spam/link-finder';
import { readList } from '../spam/lists';
import type { Action, NormalizedText, Reason, Span } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);
const rule = (id: string) => z.string().min(1).default(id);

/** Common generic and country TLDs that make "name.tld" a link without any other hint. */
const DEFAULT_TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'ly', 'gl', 'xyz', 'online', 'site', 'website', 'top', 'club', 'shop',
  'store', 'live', 'link', 'click', 'app', 'dev', 'ru', 'uk', 'cn', 'tk', 'ml', 'ga', 'cf', 'gq', 'pw', 'su', 'ua', 'kz',
];
/** TLDs that are also words or abbreviations ("i.e. me", "it.to"): bare domains need a path to count. */
const DEFAULT_PATH_ONLY_TLDS = ['me', 'tv', 'us', 'in', 'to', 'be', 'it', 'de', 'fr', 'es', 'nl', 'pl', 'br', 'eu', 'cc', 'ws', 'gg', 'so', 'is', 'at'];

/** Spelled-out domains are believed only with these: the TLDs spam actually spells out. */
const DEFAULT_OBFUSCATED_TLDS = ['com', 'net', 'org', 'info', 'biz', 'ru', 'xyz', 'tk'];

const domainListSchema = z
  .object({
    rule: z.string().min(1),
    action,
    /** List file (one domain a line), relative to the rules directory; null for none. */
    list: z.string().min(1).nullable().default(null),
    /** Extra domains inline, e.g. in a site file. */
    domains: z.array(z.string().min(1)).default([]),
  })
  .strict();

const schema = z
  .object({
    enabled: z.boolean().default(true),
    tlds: z.array(z.string().regex(/^[a-z0-9-]+$/)).default(DEFAULT_TLDS),
    pathOnlyTlds: z.array(z.string().regex(/^[a-z0-9-]+$/)).default(DEFAULT_PATH_ONLY_TLDS),
    obfuscatedTlds: z.array(z.string().regex(/^[a-z0-9-]+$/)).default(DEFAULT_OBFUSCATED_TLDS),
    /** Links to these domains (the site's own, for instance) are not counted and not judged. */
    allowedDomains: z.array(z.string().min(1)).default([]),
    count: z
      .object({ rule: rule('links.count'), action: action.default('hold'), maxLinks: z.number().int().min(0).default(2) })
      .strict()
      .prefault({}),
    blocked: domainListSchema.extend({ rule: rule('links.blocked'), action: action.default('reject') }).prefault({}),
    shortener: domainListSchema.extend({ rule: rule('links.shortener'), action: action.default('hold') }).prefault({}),
    obfuscated: z.object({ rule: rule('links.obfuscated'), action: action.default('hold') }).strict().prefault({}),
    name: z.object({ rule: rule('links.name'), action: action.default('hold') }).strict().prefault({}),
    bare: z
      .object({
        rule: rule('links.bare'),
        action: action.default('hold'),
        /** A link with fewer letters than this around it is an advert, not a comment. */
        minLetters: z.number().int().min(0).default(20),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** Domains named in a message: the first few and how many more. */
function listed(domains: string[], max = 5): string {
  const named = domains.slice(0, max).map((d) => quoted(d)).join(', ');
  return domains.length > max ? `${named} and ${domains.length - max} more` : named;
}

const linkSpan = (n: NormalizedText, field: 'text' | 'name', link: FoundLink): Span => spanOf(n, field, link.start, link.end, link.host);

/**
 * Letters outside the link spans, counted on the normalised text up to
 * `enough`: only a count below it is reported, so a comment with a link in
 * a paragraph of text stops being counted after its first few words.
 */
function lettersOutside(text: string, links: FoundLink[], enough: number): number {
  let letters = 0;
  let next = 0;
  for (const link of links) {
    letters += countLetters(text, next, link.start, enough - letters);
    if (letters >= enough) return letters;
    next = link.end;
  }
  return letters + countLetters(text, next, text.length, enough - letters);
}

const LETTER = /\p{L}/u;
/** Letters in text[from, to), counted up to `enough`. */
function countLetters(text: string, from: number, to: number, enough: number): number {
  let count = 0;
  for (let i = from; i < to && count < enough; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 ? (code >= 97 && code <= 122) || (code >= 65 && code <= 90) : LETTER.test(text[i]!)) count++;
  }
  return count;
}

export const linksCheck = defineCheck({
  name: 'links',
  schema,
  compile: (config, resources) => {
    const finder = new LinkFinder({ tlds: config.tlds, pathOnlyTlds: config.pathOnlyTlds, obfuscatedTlds: config.obfuscatedTlds });
    const allowed = new DomainSet(config.allowedDomains);
    const domainSet = (c: z.output<typeof domainListSchema>) => new DomainSet([...(c.list ? readList(resources, c.list) : []), ...c.domains]);
    const blocked = domainSet(config.blocked);
    const shorteners = domainSet(config.shortener);

    return (ctx) => {
      if (!config.enabled) return { reasons: [] };
      const reasons: Reason[] = [];
      const push = (ruleId: string, act: Action, message: string, evidence: Reason['evidence']) => {
        if (act !== 'approve') reasons.push({ check: 'links', rule: ruleId, action: act, message, evidence });
      };
      const n = ctx.text;
      const found = finder.find(n.text, n.ascii === true);
      const links = allowed.size ? found.filter((l) => !allowed.covering(l.host)) : found;

      // The same URL twice (a link and its visible text) is one link.
      const distinct = links.length < 2 ? links.length : new Set(links.map((l) => n.text.slice(l.start, l.end))).size;
      if (distinct > config.count.maxLinks) {
        push(config.count.rule, config.count.action, `The comment has ${plural(distinct, 'link')}, more than the ${config.count.maxLinks} allowed.`, {
          spans: links.slice(0, MAX_SPANS).map((l) => linkSpan(n, 'text', l)),
          count: distinct,
          limit: config.count.maxLinks,
        });
      }

      const judge = (set: DomainSet, c: { rule: string; action: Action }, what: string) => {
        const hits = links.filter((l) => set.covering(l.host));
        if (hits.length === 0) return;
        const domains = [...new Set(hits.map((l) => set.covering(l.host)!))];
        push(c.rule, c.action, `The comment links to ${what}: ${listed(domains)}.`, {
          spans: hits.slice(0, MAX_SPANS).map((l) => linkSpan(n, 'text', l)),
          count: hits.length,
        });
      };
      if (blocked.size) judge(blocked, config.blocked, 'a blocked domain');
      if (shorteners.size) judge(shorteners, config.shortener, 'a URL shortener, which hides where the link goes');

      const disguised = links.filter((l) => l.obfuscated);
      if (disguised.length > 0) {
        push(config.obfuscated.rule, config.obfuscated.action, `The comment spells out ${plural(disguised.length, 'web address', 'web addresses')} so it is not recognised as a link.`, {
          spans: disguised.slice(0, MAX_SPANS).map((l) => linkSpan(n, 'text', l)),
          count: disguised.length,
        });
      }

      if (links.length > 0) {
        const letters = lettersOutside(n.text, links, config.bare.minLetters);
        if (letters < config.bare.minLetters) {
          push(config.bare.rule, config.bare.action, `The comment is little more than a link: ${plural(letters, 'letter')} of text besides it.`, {
            spans: links.slice(0, MAX_SPANS).map((l) => linkSpan(n, 'text', l)),
            count: letters,
            limit: config.bare.minLetters,
          });
        }
      }

      const nameLinks = finder.find(ctx.name.text, ctx.name.ascii === true).filter((l) => !allowed.covering(l.host));
      const nameEmails = findEmails(ctx.name.text, ctx.name.ascii === true);
      if (nameLinks.length + nameEmails.length > 0) {
        const spans = [...nameLinks.map((l) => linkSpan(ctx.name, 'name', l)), ...nameEmails.map((e) => spanOf(ctx.name, 'name', e.start, e.end))];
        push(config.name.rule, config.name.action, `The author name contains ${nameLinks.length ? 'a web address' : 'an email address'}, which advertises rather than names.`, {
          spans: spans.slice(0, MAX_SPANS),
          count: spans.length,
        });
      }

      return { reasons, scores: { links: distinct } };
    };
  },
});
