// Clients no HTTP library would be: truncated bodies, headers or bodies that
// trickle in, garbage request lines. Raw `net` sockets against a listening
// server; each run ends when the server answers or closes, or at `giveUpMs`
// (which the caller treats as the server hanging).
import net from 'node:net';

export interface RawOutcome {
  /** Status of the first answer, or null when the server closed without one. */
  status: number | null;
  /** Everything the server sent. */
  raw: string;
  ms: number;
  /** The server neither answered nor closed in time. */
  hung: boolean;
}

interface RawPlan {
  /** Written right after connecting. */
  first: string | Buffer;
  /** Written one by one, `everyMs` apart, until the server answers or closes. */
  trickle?: { chunks: () => string | Buffer; everyMs: number };
  /** After `first`: half-close (end) or drop (destroy) the connection. */
  then?: 'end' | 'destroy';
  giveUpMs: number;
}

export function rawExchange(port: number, plan: RawPlan): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let raw = '';
    let timer: NodeJS.Timeout | undefined;
    const done = (hung: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      resolve({ status: match ? Number(match[1]) : null, raw, ms: Date.now() - started, hung });
    };
    const giveUp = setTimeout(() => done(true), plan.giveUpMs);
    socket.on('data', (d: Buffer) => {
      raw += d.toString('latin1');
      // One complete answer is enough; keep-alive would otherwise hold the socket open.
      if (/\r\n\r\n/.test(raw)) {
        const length = /content-length: *(\d+)/i.exec(raw);
        const bodyStart = raw.indexOf('\r\n\r\n') + 4;
        if (!length || raw.length - bodyStart >= Number(length[1])) done(false);
      }
    });
    socket.on('close', () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      socket.write(plan.first);
      if (plan.then === 'end') socket.end();
      if (plan.then === 'destroy') setTimeout(() => socket.destroy(), 20);
      if (plan.trickle) {
        const { chunks, everyMs } = plan.trickle;
        timer = setInterval(() => {
          if (!socket.destroyed && socket.writable) socket.write(chunks());
        }, everyMs);
      }
    });
  });
}

const head = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** The hostile clients, by name; `key` is a valid site key so requests get past authentication. */
export function rawPlans(key: string, giveUpMs: number, trickleMs: number): Record<string, RawPlan> {
  const json = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
  return {
    'body shorter than Content-Length, then half-close': { first: head('/v1/comments', { ...json, 'Content-Length': 1000 }) + '{"name":"Ann"', then: 'end', giveUpMs },
    'body shorter than Content-Length, then drop': { first: head('/v1/comments', { ...json, 'Content-Length': 1000 }) + '{"name":', then: 'destroy', giveUpMs },
    'form body shorter than Content-Length, then half-close': {
      first: head('/1.1/comment-check', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': 500 }) + `api_key=${key}&blog=x`, then: 'end', giveUpMs,
    },
    'headers that never end': {
      first: 'POST /v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      trickle: { chunks: () => `X-Slow-${Math.random().toString(36).slice(2)}: 1\r\n`, everyMs: trickleMs }, giveUpMs,
    },
    'a body that trickles in': {
      first: head('/v1/comments', { ...json, 'Content-Length': 100_000 }) + '{"name":"Ann","text":"',
      trickle: { chunks: () => 'a', everyMs: trickleMs }, giveUpMs,
    },
    'a request line and nothing more': { first: 'GET /healthz HTTP/1.1\r\n', giveUpMs },
    'garbage instead of HTTP': { first: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]), giveUpMs },
    'a request line with spaces and controls': { first: 'GET /v1/comments/a b\x00c HTTP/1.1\r\nHost: x\r\n\r\n', giveUpMs },
    'a header line without a colon': { first: 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n', giveUpMs },
    'headers over the size limit': { first: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`, giveUpMs },
    'chunked body that never ends': {
      first: head('/v1/comments', { ...json, 'Transfer-Encoding': 'chunked' }) + '5\r\n{"nam\r\n',
      trickle: { chunks: () => '1\r\na\r\n', everyMs: trickleMs }, giveUpMs,
    },
    'both Content-Length and chunked': { first: head('/v1/comments', { ...json, 'Content-Length': 5, 'Transfer-Encoding': 'chunked' }) + '0\r\n\r\n', giveUpMs },
  };
}
