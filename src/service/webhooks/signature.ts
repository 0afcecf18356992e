// Webhook signatures: `X-Moderation-Signature: t=<unix seconds>,v1=<hex>` where
// v1 = HMAC-SHA256(secret, `${t}.${body}`). The timestamp inside the signed
// text lets receivers refuse replays of old deliveries; the README shows how
// a receiver verifies it.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Moderation-Signature';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

