// Rate limits per API key (site or moderator): a token bucket per key, refilled
// continuously. State is per service instance: with N instances behind a load
// balancer a key gets up to N times the limit (documented in the README).
// Keeping it in memory keeps a database write off every request.
import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors';
import { bearerToken, digestKey } from './key-ring';

interface Bucket { tokens: number; updated: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  // The moderator limiter is keyed by the digest of whatever bearer key a
  // request carries, before the key is checked, so anyone can add buckets: at
  // about 180 bytes each (a 64-character digest, its bucket, the map entry),
  // 100,000 of them held 17 MB of heap. 10,000 (under 2 MB) is still far more
  // keys than any deployment has sites and moderators.
  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now, private readonly maxKeys = 10_000) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // Bounded memory: unknown keys are rejected before they get here, but be safe anyway.
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = { tokens: this.perMinute, updated: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * rate);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }
}

/** The bearer key's digest: a bucket per key for routes that authenticate later. */
export const bearerDigest = (req: Request): string | null => {
  const token = bearerToken(req.headers.authorization);
  return token ? digestKey(token) : null;
};

/** Limits requests per key (`keyOf` returns null to let a request through, e.g. one without a key). */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request) => string | null, onLimited: () => void = () => {}): RequestHandler {
  return (req, _res, next) => {
    const key = keyOf(req);
    if (key === null) return next();
    const wait = limiter.take(key);
    if (wait === 0) return next();
    onLimited();
    next(new ApiError(429, 'rate_limited', `too many requests for this key; retry in ${wait} s`, { retryAfterSeconds: wait }, { 'Retry-After': String(wait) }));
  };
}
