// Rate limits: a token bucket per key (a site, an authenticated moderator
// key, a client address that failed to authenticate), refilled continuously.
// State is per service instance: with N instances behind a load balancer a
// key gets up to N times the limit (documented in the README). Keeping it in
// memory keeps a database write off every request.
import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors';

interface Bucket { tokens: number; updated: number }

/** Entries looked at when the map is full and none has refilled: the fullest of them goes. */
const EVICTION_SAMPLE = 8;

export class RateLimiter {
  /** In least recently used order: a bucket moves to the end whenever it is touched. */
  private readonly buckets = new Map<string, Bucket>();

  // At about 180 bytes an entry (a 64-character key, its bucket, the map
  // entry), 10,000 buckets hold under 2 MB. When the map is full, buckets
  // that have refilled are dropped first (losslessly: a full bucket is what a
  // new key gets); if every bucket was used within the refill time, the
  // fullest of the few least recently used goes, so an exhausted bucket is
  // never the one dropped while fuller ones remain. The map is never emptied.
  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now, private readonly maxKeys = 10_000) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const bucket = this.refreshed(key, true)!;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.secondsToNextToken(bucket);
  }

  /** The seconds until `key` has a token again (0: it has one now), taking nothing. */
  wait(key: string): number {
    const bucket = this.refreshed(key, false);
    return !bucket || bucket.tokens >= 1 ? 0 : this.secondsToNextToken(bucket);
  }

  private secondsToNextToken(bucket: Bucket): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / (this.perMinute / 60_000) / 1000));
  }

  /** The key's bucket refilled up to now (created when `create`), moved to the most recently used end. */
  private refreshed(key: string, create: boolean): Bucket | undefined {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = this.tokensAt(bucket, now);
      bucket.updated = now;
    } else {
      if (!create) return undefined;
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = { tokens: this.perMinute, updated: now };
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  private tokensAt(bucket: Bucket, now: number): number {
    return Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * (this.perMinute / 60_000));
  }

  private evict(now: number): void {
    // Refilled buckets from the least recently used end: each is dropped once, so this is cheap overall.
    for (const [key, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) < this.perMinute) break;
      this.buckets.delete(key);
    }
    if (this.buckets.size < this.maxKeys) return;
    let fullest: string | undefined;
    let most = -1;
    let looked = 0;
    for (const [key, bucket] of this.buckets) {
      const tokens = this.tokensAt(bucket, now);
      if (tokens > most) {
        most = tokens;
        fullest = key;
      }
      if (++looked === EVICTION_SAMPLE) break;
    }
    this.buckets.delete(fullest!);
  }
}

/** Limits requests per key (`keyOf` returns null to let a request through, e.g. one without a key). */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request) => string | null, onLimited: () => void = () => {}): RequestHandler {
  return (req, _res, next) => {
    const key = keyOf(req);
    if (key === null) return next();
    const wait = limiter.take(key);
    if (wait === 0) return next();
    onLimited();
    next(rateLimited(wait, 'too many requests for this key'));
  };
}

/** The documented 429: the wait in Retry-After and in details. */
export function rateLimited(wait: number, why: string): ApiError {
  return new ApiError(429, 'rate_limited', `${why}; retry in ${wait} s`, { retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
}
