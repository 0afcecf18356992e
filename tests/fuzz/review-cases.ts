// The requests an outside security review used against a running service,
// so each finding stays fixed: a word repeated 4,000 times (unbounded
// evidence), 20,000 characters of each adversarial shape (quadratic checks),
// out-of-range cursors, 6,000 unknown keys, key guessing at Akismet's
// verify-key and queue pages of large comments. Each carries what its answer
// must be. Only node built-ins: bench/chaos.js loads this too.
import type { FuzzCase, FuzzKeys } from './cases';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHAPES, shapeText } = require('../../bench/lib/adversarial-shapes.js') as {
  SHAPES: Array<{ name: string; unit: string; prefix?: string }>;
  shapeText: (shape: { unit: string; prefix?: string }, length: number) => string;
};

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const cursorOf = (raw: unknown) => Buffer.from(JSON.stringify(raw)).toString('base64url');

export function reviewCases(keys: FuzzKeys): FuzzCase[] {
  const asSite = { Authorization: `Bearer ${keys.site}`, 'Content-Type': 'application/json' };
  const asModerator = { Authorization: `Bearer ${keys.moderator}` };
  const comment = (label: string, text: string, maxBytes: number): FuzzCase => ({
    label, method: 'POST', path: '/v1/comments', headers: asSite, body: json({ name: 'Reviewer', text }), format: 'api', expect: { status: 201, maxBytes },
  });
  const extraKeys: Record<string, unknown> = { name: 'Reviewer', text: 'hello' };
  for (let i = 0; i < 6000; i++) extraKeys[`k${i}`] = 1;
  const cases: FuzzCase[] = [
    // Bounded evidence: 10 spans and a count, not 4,000 spans (a 293 KB answer).
    comment('review: a word 4,000 times', 'fuck '.repeat(4000), 10_000),
    // Every adversarial shape at the longest text the API takes; the answer stays a small multiple of the text.
    ...SHAPES.map((shape) => comment(`review: shape ${shape.name}`, shapeText(shape, 20_000), 100_000)),
    { label: 'review: 6,000 unknown keys', method: 'POST', path: '/v1/comments', headers: asSite, body: json(extraKeys), format: 'api', expect: { status: 400, code: 'invalid_request', maxBytes: 2000 } },
    ...[[9e15, 'abc'], [Number.MAX_SAFE_INTEGER, 'abc'], [-1, 'abc'], [1.5, 'abc']].map((raw): FuzzCase => ({
      label: `review: cursor ${JSON.stringify(raw)}`, method: 'GET', path: `/v1/moderation/queue?cursor=${cursorOf(raw)}`, headers: asModerator, format: 'api', expect: { status: 400, code: 'invalid_cursor' },
    })),
    // A page of the longest comments stays within its byte bound (1 MiB of items).
    { label: 'review: a queue page of 200', method: 'GET', path: '/v1/moderation/queue?status=approved&limit=200', headers: asModerator, format: 'api', expect: { status: 200, maxBytes: 1024 * 1024 + 4096 } },
    { label: 'review: a rejected page of 100', method: 'GET', path: '/v1/moderation/queue?status=rejected&limit=100', headers: asModerator, format: 'api', expect: { status: 200, maxBytes: 1024 * 1024 + 4096 } },
    { label: 'review: stats', method: 'GET', path: '/v1/moderation/stats', headers: asModerator, format: 'api', expect: { status: 200 } },
  ];
  // Key guessing at verify-key: answered "invalid", or refused once the address has failed too often.
  for (let i = 0; i < 50; i++) {
    cases.push({
      label: `review: verify-key guess ${i}`, method: 'POST', path: '/1.1/verify-key', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(`key=guess-${i}&blog=https%3A%2F%2Fnews1.example`), format: 'akismet',
    });
  }
  return cases;
}
