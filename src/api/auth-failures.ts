// Failed authentication, counted per client address on every endpoint that
// takes a key (site keys, moderator keys, Akismet, Perspective, the metrics
// token). An address that used up its failures is refused before its key is
// even looked at: otherwise a right guess would still stand out among the
// refusals. Keyed by the client's address, never by the key presented, so
// guessing with ever new keys is counted, and adds no state per key.
//
// Behind a proxy, set TRUST_PROXY so that the address is the client's, not
// the proxy's (every client would share one budget).
import { isIPv6 } from 'node:net';
import type { Request } from 'express';
import { rateLimited, type RateLimiter } from './rate-limit';

/**
 * The address a request counts against: an IPv4 address, or the /64 an IPv6
 * address belongs to (one machine is commonly given a whole /64).
 */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  // Expand "::" so the first four groups are the /64.
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export class AuthFailureLimit {
  constructor(private readonly limiter: RateLimiter, private readonly onLimited: () => void = () => {}) {}

  /** Seconds the request's address must wait before presenting a key again; 0 when it may now. */
  waitFor(req: Request): number {
    const wait = this.limiter.wait(clientAddress(req));
    if (wait > 0) this.onLimited();
    return wait;
  }

  /** Counts a failed authentication against the request's address. */
  failed(req: Request): void {
    this.limiter.take(clientAddress(req));
  }
}

/** The 429 for an address over its failures, in the service's error shape. */
export const tooManyFailures = (wait: number) => rateLimited(wait, 'too many failed authentications from this address');
