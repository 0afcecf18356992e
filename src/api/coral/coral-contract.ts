// Coral's external moderation phase, as Coral's server speaks it
// (coralproject/talk, docs/docs/external-moderation-phases.md): the request it
// POSTs, how it signs it, and the answer it accepts. Pure: no HTTP here.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Action, Reason } from '../../moderation/types';

/** What Coral sends. Unknown keys are let through: a newer Coral may add some. */
export const coralRequest = z.object({
  action: z.enum(['NEW', 'EDIT']),
  comment: z.object({ body: z.string().min(1).max(20_000), parentID: z.string().max(200).nullable().optional() }),
  author: z.object({ id: z.string().regex(/^[A-Za-z0-9._:@+-]{1,128}$/), role: z.string().max(40) }),
  story: z.object({ id: z.string().min(1).max(200), url: z.string().max(2000) }),
  site: z.object({ id: z.string().max(200) }),
  tenantID: z.string().max(200),
  tenantDomain: z.string().max(400),
});
export type CoralRequest = z.infer<typeof coralRequest>;

export type CoralStatus = 'APPROVED' | 'REJECTED' | 'PREMOD' | 'SYSTEM_WITHHELD';
export type CoralFlag = 'COMMENT_DETECTED_TOXIC' | 'COMMENT_DETECTED_SPAM';
export interface CoralAnswer {
  status: CoralStatus;
  actions?: Array<{ actionType: 'FLAG'; reason: CoralFlag }>;
}

/**
 * Coral's `X-Coral-Signature`: one `sha256=<hex>` per active signing secret,
 * comma-separated (two while a secret is being rolled), each the HMAC-SHA256
 * of the raw body. True when any of them verifies with any of our secrets.
 */
export function coralSignatureValid(header: string | undefined, rawBody: Buffer, secrets: readonly string[]): boolean {
  if (!header || secrets.length === 0) return false;
  const given = header.split(',').map((part) => part.trim()).filter((part) => part.startsWith('sha256=')).map((part) => Buffer.from(part.slice(7), 'hex'));
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // Every pair compared, so the time taken does not say which one matched.
    for (const sig of given) if (sig.length === expected.length && timingSafeEqual(sig, expected)) ok = true;
  }
  return ok;
}

/** Reasons about who wrote or where: the comment's text was not the cause. */
const STANDING_CHECKS = new Set(['author', 'article', 'site']);
const SPAM_CHECKS = new Set(['links', 'patterns', 'shape', 'history']);
const TOXIC_CHECKS = new Set(['profanity', 'threat', 'dehumanisation']);

function flagOf(reason: Reason): CoralFlag | null {
  if (SPAM_CHECKS.has(reason.check) || reason.rule === 'classifier.spam') return 'COMMENT_DETECTED_SPAM';
  if (TOXIC_CHECKS.has(reason.check) || reason.check === 'classifier') return 'COMMENT_DETECTED_TOXIC';
  return null;
}

/**
 * Our status onto Coral's. A hold caused by the text (a check fired) is
 * SYSTEM_WITHHELD, as Coral's own spam and toxicity detection withholds; a
 * hold only because of the author, the article or the site's switch is
 * PREMOD, as Coral's pre-moderation settings hold. The checks that fired
 * become FLAG actions, so Coral's moderators see why.
 */
export function coralAnswer(status: Action, reasons: readonly Reason[]): CoralAnswer {
  const fired = reasons.filter((r) => r.action !== 'approve');
  const flags = [...new Set(fired.map(flagOf).filter((f): f is CoralFlag => f !== null))];
  const actions = flags.length ? { actions: flags.map((reason) => ({ actionType: 'FLAG' as const, reason })) } : {};
  if (status === 'approve') return { status: 'APPROVED' };
  if (status === 'reject') return { status: 'REJECTED', ...actions };
  const byText = fired.some((r) => r.action === 'hold' && !STANDING_CHECKS.has(r.check));
  return { status: byText ? 'SYSTEM_WITHHELD' : 'PREMOD', ...actions };
}
