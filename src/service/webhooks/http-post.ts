// One webhook POST. Two bounds beyond the URL check (target-policy.ts):
//  - the connection's own DNS lookup refuses internal addresses, so what is
//    checked is exactly what is connected to (DNS rebinding cannot slip in
//    between a check and the connect);
//  - at most MAX_RESPONSE_BYTES of the answer are read, then the connection
//    is dropped: only the status matters, and reading a whole answer took a
//    receiver's 300 MB into memory (112 MB to 938 MB RSS).
// Redirects are not followed (a 3xx is an answer like any other non-2xx).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkWebhookUrl, refusalFor, WebhookTargetRefused } from './target-policy';

/** Bytes of a receiver's answer read before the connection is dropped. */
export const MAX_RESPONSE_BYTES = 4096;

/** Resolves a host name to every address it has (dns.lookup with all: true). */
export type Resolver = (hostname: string, callback: (err: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, (err, addresses) => callback(err, addresses ?? []));

/**
 * A `lookup` for http.request that resolves with `resolve` and refuses the
 * connection when any address the name has is one webhooks may not go to.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (err, addresses) => {
      if (err) return callback(err as NodeJS.ErrnoException, '', 0);
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      const refused = wanted.length === 0 ? new WebhookTargetRefused(`webhook target refused: ${hostname} has no address`) : wanted.map((a) => refusalFor(a.address, allowPrivate)).find(Boolean);
      if (refused) return callback(Object.assign(refused, { hostname }) as unknown as NodeJS.ErrnoException, '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
      callback(null, wanted[0]!.address, wanted[0]!.family);
    });
  };
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Name resolution (tests give their own; no test resolves a real name). */
  resolve?: Resolver;
  /** Makes the request (tests watch what would be connected). */
  request?: typeof http.request;
}

/** Posts `body` and answers the status, having read at most MAX_RESPONSE_BYTES of the answer. */
export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      // The URL as written, again: a target stored before these checks, or written into the database directly.
      url = checkWebhookUrl(rawUrl, opts.allowPrivate);
    } catch (err) {
      return reject(err);
    }
    const send = opts.request ?? (url.protocol === 'https:' ? https.request : http.request);
    const literal = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      // A fresh connection each time (no pooled socket to an address checked for another name).
      agent: false,
      // Literal addresses were checked above and are never looked up; names are checked as they resolve.
      ...(literal ? {} : { lookup: guardedLookup(opts.allowPrivate, opts.resolve) }),
    });
    let answered: http.IncomingMessage | null = null;
    const timer = setTimeout(() => {
      // An answer whose body is still coming counts by its status; no answer at all is a timeout.
      if (answered) return answered.destroy();
      const timeout = new Error(`no answer within ${opts.timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      req.destroy(timeout);
    }, opts.timeoutMs);
    req.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.once('response', (res) => {
      answered = res;
      // The status is the answer; the body is read up to the bound (or the timeout) and dropped.
      let read = 0;
      const done = () => {
        clearTimeout(timer);
        res.destroy();
        resolve(res.statusCode ?? 0);
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) done();
      });
      res.once('end', done);
      res.once('error', done);
      res.once('close', done);
    });
    req.end(body);
  });
}
