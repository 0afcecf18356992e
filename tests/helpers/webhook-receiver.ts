// A webhook receiver on 127.0.0.1 that checks each signature the way the
// README tells sites to, answers 500 to the first `failFirst` requests, and
// records everything it was sent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  delivery: string;
  event: string;
  signatureValid: boolean;
  answered: number;
  body: { id: string; type: string; site: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  waitFor(predicate: (received: ReceivedDelivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function signatureIsValid(secret: string, body: string, header: string | undefined): boolean {
  const parts = new Map((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startReceiver(secret: string, failFirst = 0): Promise<Receiver> {
  const received: ReceivedDelivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signatureValid = signatureIsValid(secret, raw, req.headers['x-moderation-signature'] as string | undefined);
      const answered = received.length < failFirst ? 500 : signatureValid ? 204 : 401;
      received.push({ delivery: String(req.headers['x-moderation-delivery']), event: String(req.headers['x-moderation-event']), signatureValid, answered, body: JSON.parse(raw) });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/moderation`,
    received,
    waitFor: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`the receiver did not get what was expected in ${timeoutMs} ms; got ${JSON.stringify(received.map((r) => [r.delivery, r.answered]))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
