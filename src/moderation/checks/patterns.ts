// Patterns: contact details (emails, phone numbers) and spam phrase groups
// (money lures, self-promotion, "whatsapp me"). All phrase lists go into one
// trie at rule load; each comment's words are walked once for every group.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { quoted } from '../evidence-caps';
import { findEmails, findPhones } from '../spam/contacts';
import { digitsOf, tokensOf } from '../spam/comment-text';
import { MAX_SPANS, spanOf } from '../spam/evidence';
import { readList } from '../spam/lists';
import { PhraseMatcher, PhraseSyntaxError } from '../spam/phrase-matcher';
import type { Reason } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);

const groupSchema = z
  .object({
    /** Phrase list, relative to the rules directory. */
    list: z.string().min(1),
    rule: z.string().min(1),
    /** What the moderator reads: "The comment uses <description> phrases". */
    description: z.string().min(1),
    action: action.default('hold'),
    /** Sum of matched phrase weights (each distinct phrase once) that fires the group. */
    threshold: z.number().positive().default(1),
  })
  .strict();

const schema = z
  .object({
    enabled: z.boolean().default(true),
    email: z
      .object({ rule: z.string().min(1).default('patterns.email'), action: action.default('hold') })
      .strict()
      .prefault({}),
    phone: z
      .object({
        rule: z.string().min(1).default('patterns.phone'),
        action: action.default('hold'),
        /** Fewer digits are more often prices, years or counts than phone numbers. */
        minDigits: z.number().int().min(5).default(10),
        maxDigits: z.number().int().max(20).default(15),
      })
      .strict()
      .prefault({}),
    /** Phrase groups by name; none by default so a rules directory without lists still loads. */
    groups: z.record(z.string(), groupSchema).default({}),
  })
  .strict()
  .prefault({});

const quoteList = (items: string[]) => items.map((s) => `"${quoted(s)}"`).join(', ');

export const patternsCheck = defineCheck({
  name: 'patterns',
  schema,
  compile: (config, resources) => {
    const groups = Object.entries(config.groups).map(([name, group]) => ({ name, ...group }));
    let matcher: PhraseMatcher;
    try {
      matcher = new PhraseMatcher(groups.map((g) => ({ phrases: readList(resources, g.list) })));
    } catch (err) {
      if (err instanceof PhraseSyntaxError) throw new Error(err.message);
      throw err;
    }
    const phoneOptions = { minDigits: config.phone.minDigits, maxDigits: config.phone.maxDigits };
    // Most comments use no listed phrase: they all get this one read-only set of zero scores.
    const noPhrases: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(groups.map((g) => [g.name, 0])));

    return (ctx) => {
      if (!config.enabled) return { reasons: [] };
      const reasons: Reason[] = [];
      const scores: Record<string, number> = {};
      const n = ctx.text;

      if (config.email.action !== 'approve') {
        const emails = findEmails(n.text, n.ascii === true);
        if (emails.length > 0) {
          reasons.push({
            check: 'patterns',
            rule: config.email.rule,
            action: config.email.action,
            message: `The comment gives ${emails.length === 1 ? 'an email address' : `${emails.length} email addresses`} to contact.`,
            evidence: { spans: emails.slice(0, MAX_SPANS).map((e) => spanOf(n, 'text', e.start, e.end)), count: emails.length },
          });
        }
      }

      if (config.phone.action !== 'approve') {
        // No phone number fits in fewer digits than the rule asks for.
        const phones = digitsOf(n) >= phoneOptions.minDigits ? findPhones(n.text, phoneOptions, n.ascii === true) : [];
        if (phones.length > 0) {
          reasons.push({
            check: 'patterns',
            rule: config.phone.rule,
            action: config.phone.action,
            message: `The comment gives ${phones.length === 1 ? 'a phone number' : `${phones.length} phone numbers`}.`,
            evidence: { spans: phones.slice(0, MAX_SPANS).map((p) => spanOf(n, 'text', p.start, p.end, p.value)), count: phones.length },
          });
        }
      }

      if (groups.length > 0) {
        const tokens = tokensOf(n);
        const hits = matcher.match(tokens);
        if (hits.length === 0) return { reasons, scores: noPhrases };
        groups.forEach((group, index) => {
          scores[group.name] = 0;
          if (!hits.some((hit) => hit.group === index)) return;
          // Each distinct phrase counts once; the message quotes it as the reader wrote it.
          const seen = new Map<string, string>();
          let score = 0;
          const spans = [];
          for (const hit of hits) {
            if (hit.group !== index) continue;
            const span = spanOf(n, 'text', tokens.starts[hit.first]!, tokens.ends[hit.last - 1]!, hit.phrase);
            if (spans.length < MAX_SPANS) spans.push(span);
            if (seen.has(hit.phrase)) continue;
            seen.set(hit.phrase, span.text);
            score += hit.weight;
          }
          score = Math.round(score * 1000) / 1000;
          scores[group.name] = score;
          if (score < group.threshold || group.action === 'approve') return;
          reasons.push({
            check: 'patterns',
            rule: group.rule,
            action: group.action,
            message: `The comment uses ${group.description} ${seen.size === 1 ? 'phrasing' : 'phrases'}: ${quoteList([...new Set(seen.values())])}.`,
            evidence: { spans, score, threshold: group.threshold, count: seen.size },
          });
        });
      }
      return { reasons, scores };
    };
  },
});
