// History: the same text again from the same author, email or IP
// (duplicate), from many different authors (campaign), or too many comments
// from one identity (flood). The history arrives in the context; the engine
// never reads a database or a clock itself.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { identityFingerprint } from '../fingerprint';
import type { HistoryEvent, HistorySnapshot, Reason } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);
const window = z.number().int().positive().max(30 * 24 * 3600);

const IDENTITIES = [
  ['byAuthor', 'author name'],
  ['byEmail', 'email'],
  ['byIp', 'IP address'],
] as const satisfies ReadonlyArray<readonly [keyof HistorySnapshot, string]>;

export const historySchema = z
  .object({
    enabled: z.boolean().default(true),
    duplicate: z
      .object({
        enabled: z.boolean().default(true),
        rule: z.string().default('history.duplicate'),
        action: action.default('hold'),
        windowSeconds: window.default(3600),
        /**
         * Texts with fewer words are never duplicates: a reader may well say
         * "Great article, thanks!" twice, and an emoji-only text has no words
         * to be the same.
         */
        minWords: z.number().int().min(1).default(5),
      })
      .strict()
      .prefault({}),
    campaign: z
      .object({
        enabled: z.boolean().default(true),
        rule: z.string().default('history.campaign'),
        action: action.default('hold'),
        windowSeconds: window.default(3600),
        /** Distinct authors (this one included) posting the same text. */
        minAuthors: z.number().int().min(2).default(3),
        /** Texts shorter than this are too common to call a campaign ("thanks!"). */
        minTextLength: z.number().int().min(0).default(20),
        /** Nor are texts of fewer words: "Totally agree with this." from three readers is agreement, not a campaign. */
        minWords: z.number().int().min(1).default(8),
      })
      .strict()
      .prefault({}),
    flood: z
      .object({
        enabled: z.boolean().default(true),
        rule: z.string().default('history.flood'),
        action: action.default('hold'),
        windowSeconds: window.default(600),
        /** Comments allowed per identity inside the window; the next one is held. */
        maxComments: z.number().int().min(1).max(150).default(10),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type HistoryConfig = z.output<typeof historySchema>;

/** The longest window the configuration asks for: how much history to keep and fetch. */
export function historyWindowSeconds(config: HistoryConfig): number {
  if (!config.enabled) return 0;
  const parts = [config.duplicate, config.campaign, config.flood].filter((p) => p.enabled);
  return parts.reduce((max, p) => Math.max(max, p.windowSeconds), 0);
}

const within = (events: HistoryEvent[], now: number, seconds: number) => events.filter((e) => e.at >= now - seconds * 1000);

const WORD = /[\p{L}\p{N}]+/gu;

/** Whether the normalised text has at least `n` words (runs of letters or digits); stops counting at n. */
function hasWords(text: string, n: number): boolean {
  WORD.lastIndex = 0;
  let words = 0;
  while (words < n && WORD.exec(text)) words++;
  return words >= n;
}

export const historyCheck = defineCheck({
  name: 'history',
  schema: historySchema,
  compile: (config) => (ctx) => {
    const reasons: Reason[] = [];
    if (!config.enabled) return { reasons };
    const { history, now, textHash } = ctx;
    const { duplicate, campaign, flood } = config;

    // Counted only when a history match makes it matter (rarely).
    let words: Map<number, boolean> | undefined;
    const enoughWords = (n: number) => {
      words ??= new Map();
      if (!words.has(n)) words.set(n, hasWords(ctx.text.text, n));
      return words.get(n)!;
    };

    if (duplicate.enabled) {
      for (const [kind, label] of IDENTITIES) {
        const same = within(history[kind], now, duplicate.windowSeconds).filter((e) => e.textHash === textHash);
        if (same.length === 0 || !enoughWords(duplicate.minWords)) continue;
        reasons.push({
          check: 'history',
          rule: duplicate.rule,
          action: duplicate.action,
          message: `The same words (ignoring case, spacing and punctuation) came from this ${label} ${same.length} time(s) in the last ${duplicate.windowSeconds / 60} minutes.`,
          evidence: { count: same.length + 1, limit: 1, windowSeconds: duplicate.windowSeconds },
        });
        break; // One duplicate reason is enough; the identities usually coincide.
      }
    }

    if (campaign.enabled && ctx.text.text.length >= campaign.minTextLength) {
      const earlier = within(history.byText, now, campaign.windowSeconds);
      if (earlier.length > 0 && !enoughWords(campaign.minWords)) earlier.length = 0;
      const authors = new Set(earlier.map((e) => e.authorHash));
      if (earlier.length > 0) authors.add(identityFingerprint(ctx.name.text));
      const count = Math.max(1, authors.size);
      if (count >= campaign.minAuthors) {
        reasons.push({
          check: 'history',
          rule: campaign.rule,
          action: campaign.action,
          message: `${count} different authors posted the same words in the last ${campaign.windowSeconds / 60} minutes: a copy-paste campaign.`,
          evidence: { count, limit: campaign.minAuthors, windowSeconds: campaign.windowSeconds },
        });
      }
    }

    if (flood.enabled) {
      for (const [kind, label] of IDENTITIES) {
        const count = within(history[kind], now, flood.windowSeconds).length + 1;
        if (count <= flood.maxComments) continue;
        reasons.push({
          check: 'history',
          rule: flood.rule,
          action: flood.action,
          message: `This ${label} posted ${count} comments in the last ${flood.windowSeconds / 60} minutes, over the limit of ${flood.maxComments}.`,
          evidence: { count, limit: flood.maxComments, windowSeconds: flood.windowSeconds },
        });
        break;
      }
    }
    return { reasons };
  },
});
