// Requests against every public endpoint, each with one hostile value in one
// place ("slot"), whole-body random shapes, and transport-level mutations
// (content types, charsets, encodings, invalid UTF-8, oversized parts).
import { gzipSync } from 'node:zlib';
import {
  DEEP_ARRAY, DEEP_OBJECT, hostileValue, INVALID_UTF8, JsonObject, obj, OPERATORS, pollutingObject, randomJson, RawJson, toJson,
  type JsonValue, type Rng,
} from './generators';

/** How an endpoint answers: the service's error shape, Akismet's plain text, or Google's error shape. */
export type AnswerFormat = 'api' | 'akismet' | 'perspective';

export interface FuzzCase {
  label: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  format: AnswerFormat;
  /** The request carries something no valid request has, so it must get a 4xx. */
  mustRefuse?: boolean;
  /** POST /v1/comments: the string fields sent, which must read back identical when stored (201). */
  sentFields?: Record<string, string>;
  /** What a case from the security review must get: a status, an error code, an answer of at most so many bytes. */
  expect?: { status?: number; code?: string; maxBytes?: number };
}

export interface FuzzKeys {
  site: string;
  moderator: string;
  /** A stored comment of the site, so id routes reach the database. */
  commentId: string;
}

export interface Slot {
  name: string;
  build(value: JsonValue, keys: FuzzKeys): FuzzCase;
}

const json = (value: JsonValue) => Buffer.from(toJson(value), 'utf8');
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const jsonHeaders = (key: string) => ({ ...bearer(key), 'Content-Type': 'application/json' });

/** What JSON.parse makes of a value when it is a string (a RawJson escape included). */
function asParsedString(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof RawJson) {
    try {
      const parsed: unknown = JSON.parse(value.text);
      return typeof parsed === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A value as it appears in a URL: strings percent-encoded (a lone surrogate as its invalid UTF-8 bytes), anything else as its JSON text. */
function inUrl(value: JsonValue): string {
  const text = asParsedString(value) ?? toJson(value);
  return text.split(LONE_SURROGATE).map(encodeURIComponent).join('%ED%A0%80');
}

const COMMENT_FIELDS = ['name', 'text', 'articleId', 'articleUrl', 'email', 'ip', 'userAgent', 'parentId', 'externalId', 'language', 'authorId'] as const;
let serial = 0;
/** A valid comment to put one hostile field into; names and texts vary so history documents stay small. */
const ordinaryComment = () => {
  const n = serial++;
  return { name: `Fuzz reader ${n % 97}`, text: `A perfectly ordinary comment about the budget, number ${n}.` };
};

function commentSlot(field: string): Slot {
  return {
    name: `POST /v1/comments ${field}`,
    build: (value, keys) => {
      const ordinary = ordinaryComment();
      const entries: Array<[string, JsonValue]> = Object.entries(ordinary).filter(([k]) => k !== field);
      entries.push([field, value]);
      const asString = asParsedString(value);
      const known = (COMMENT_FIELDS as readonly string[]).includes(field);
      return {
        label: `comment field ${field}`,
        method: 'POST', path: '/v1/comments', headers: jsonHeaders(keys.site), body: json(new JsonObject(entries)), format: 'api',
        mustRefuse: !known || asString === undefined,
        sentFields: asString === undefined ? undefined : { ...ordinary, [field]: asString },
      };
    },
  };
}

const getSlot = (kind: 'site' | 'moderator'): Slot => ({
  name: `GET comment id (${kind})`,
  build: (value, keys) => ({
    label: `get id ${kind}`,
    method: 'GET',
    path: kind === 'site' ? `/v1/comments/${inUrl(value)}` : `/v1/moderation/comments/${inUrl(value)}`,
    headers: bearer(kind === 'site' ? keys.site : keys.moderator),
    format: 'api',
  }),
});

function querySlot(route: string, param: string, base: string): Slot {
  return {
    name: `GET ${route} ?${param}`,
    build: (value, keys) => {
      // An operator object becomes bracket syntax, the way qs-style parsers would read it.
      const operator = value instanceof JsonObject && value.entries[0]?.[0].startsWith('$') ? value.entries[0] : undefined;
      const query = operator ? `${param}[${encodeURIComponent(operator[0])}]=${inUrl(operator[1])}` : `${param}=${inUrl(value)}`;
      return {
        label: `query ${route} ${param}`,
        method: 'GET', path: `${route}?${[base, query].filter(Boolean).join('&')}`, headers: bearer(keys.moderator), format: 'api',
        mustRefuse: operator !== undefined || param.includes('[') || param === '__proto__',
      };
    },
  };
}

function bodySlot(name: string, path: (keys: FuzzKeys) => string, body: (value: JsonValue) => JsonValue): Slot {
  return {
    name,
    build: (value, keys) => ({ label: name, method: 'POST', path: path(keys), headers: jsonHeaders(keys.moderator), body: json(body(value)), format: 'api' }),
  };
}

/** A body sent with another method or key: reports, appeals and edits (site key) and the policy routes (moderator key, PUT). */
function keyedSlot(name: string, method: 'PUT' | 'POST', key: 'site' | 'moderator', path: (keys: FuzzKeys, value: JsonValue) => string, body: (value: JsonValue) => JsonValue): Slot {
  return {
    name,
    build: (value, keys) => ({ label: name, method, path: path(keys, value), headers: jsonHeaders(keys[key]), body: json(body(value)), format: 'api' }),
  };
}

const AKISMET_FIELDS = ['api_key', 'blog', 'user_ip', 'comment_content', 'comment_author', 'comment_author_email', 'permalink', 'user_agent', 'blog_lang', 'is_test'];
const AKISMET_ROUTES = ['/1.1/comment-check', '/1.1/comment-check', '/1.1/verify-key', '/1.1/submit-spam', '/1.1/submit-ham'];

function akismetSlot(field: string, route: string): Slot {
  return {
    name: `POST ${route} ${field}`,
    build: (value, keys) => {
      const form: Record<string, string> = {
        api_key: keys.site, blog: 'https://news1.example', user_ip: '203.0.113.9', comment_content: 'An ordinary comment', comment_author: 'Reader', is_test: '1',
      };
      const pairs = Object.entries(form).filter(([k]) => k !== field).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      pairs.push(value instanceof JsonObject && value.entries[0] ? `${field}[${encodeURIComponent(value.entries[0][0])}]=${inUrl(value.entries[0][1])}` : `${field}=${inUrl(value)}`);
      return {
        label: `akismet ${route} ${field}`,
        method: 'POST', path: route, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.from(pairs.join('&')), format: 'akismet',
      };
    },
  };
}

const analyzePath = (keys: FuzzKeys) => `/v1alpha1/comments:analyze?key=${encodeURIComponent(keys.site)}`;

function perspectiveSlot(name: string, body: (value: JsonValue) => JsonValue, path = analyzePath): Slot {
  return {
    name: `perspective ${name}`,
    build: (value, keys) => ({
      label: `perspective ${name}`, method: 'POST', path: path(keys), headers: { 'Content-Type': 'application/json' }, body: json(body(value)), format: 'perspective',
    }),
  };
}

const analyzeBody = (over: Record<string, JsonValue>) =>
  obj({ comment: obj({ text: 'An ordinary comment' }), requestedAttributes: obj({ TOXICITY: obj({}) }), languages: ['en'], ...over });

/** Every place a hostile value can go, across every public endpoint. */
export function allSlots(): Slot[] {
  const queue = '/v1/moderation/queue';
  return [
    ...COMMENT_FIELDS.map(commentSlot),
    commentSlot('__proto__'), commentSlot('$where'), commentSlot('site'),
    getSlot('site'), getSlot('moderator'),
    ...['status', 'site', 'check', 'rule', 'cursor', 'limit', 'status[$ne]', '__proto__'].map((p) => querySlot(queue, p, '')),
    querySlot('/v1/moderation/stats', 'site', ''),
    querySlot('/v1/moderation/webhooks/deliveries', 'site', 'state=failed'),
    querySlot('/v1/moderation/webhooks/deliveries', 'limit', 'site=news1'),
    bodySlot('action note', (k) => `/v1/moderation/comments/${k.commentId}/actions`, (v) => obj({ action: 'hold', expectedVersion: 999, note: v })),
    bodySlot('action kind', (k) => `/v1/moderation/comments/${k.commentId}/actions`, (v) => obj({ action: v, expectedVersion: 999 })),
    bodySlot('action version', (k) => `/v1/moderation/comments/${k.commentId}/actions`, (v) => obj({ action: 'hold', expectedVersion: v })),
    bodySlot('bulk id', () => '/v1/moderation/actions', (v) => obj({ actions: [obj({ id: v, action: 'hold', expectedVersion: 999 })] })),
    bodySlot('bulk reason', () => '/v1/moderation/actions', (v) => obj({ actions: [obj({ id: 'nosuchcomment', action: 'hold', expectedVersion: 1, reason: v })] })),
    keyedSlot('report reason', 'POST', 'site', (k) => `/v1/comments/${k.commentId}/reports`, (v) => obj({ reason: v, reporterId: 'fuzz-reader' })),
    keyedSlot('report reporter', 'POST', 'site', (k) => `/v1/comments/${k.commentId}/reports`, (v) => obj({ reason: 'spam', reporterId: v, note: v })),
    keyedSlot('report legal', 'POST', 'site', (k) => `/v1/comments/${k.commentId}/reports`, (v) => obj({ reason: 'illegal', reporterId: 'fuzz-reader-2', legal: v })),
    keyedSlot('appeal statement', 'POST', 'site', (k) => `/v1/comments/${k.commentId}/appeals`, (v) => obj({ statement: v })),
    querySlot('/v1/moderation/reported', 'cursor', ''), querySlot('/v1/moderation/appealed', 'limit', ''),
    bodySlot('appeal decision', (k) => `/v1/moderation/comments/${k.commentId}/appeal-decision`, (v) => obj({ version: v, outcome: 'uphold', code: 'spam' })),
    bodySlot('mute reporter', () => '/v1/moderation/reporters/mute', (v) => obj({ site: 'news1', reporter: v })),
    keyedSlot('edit text', 'PUT', 'site', (k) => `/v1/comments/${k.commentId}`, (v) => obj({ text: v })),
    keyedSlot('edit editedAt', 'PUT', 'site', (k) => `/v1/comments/${k.commentId}`, (v) => obj({ text: 'An edited text', editedAt: v })),
    keyedSlot('check text', 'POST', 'site', () => '/v1/comments:check', (v) => obj({ name: 'Reader', text: v })),
    keyedSlot('check authorId', 'POST', 'site', () => '/v1/comments:check', (v) => obj({ name: 'Reader', text: 'Fine.', authorId: v })),
    keyedSlot('author mode', 'PUT', 'moderator', () => '/v1/moderation/authors/news1/fuzz-author', (v) => obj({ mode: v })),
    keyedSlot('author until', 'PUT', 'moderator', () => '/v1/moderation/authors/news1/fuzz-author', (v) => obj({ mode: 'suspended', until: v, notes: v })),
    keyedSlot('author id in path', 'PUT', 'moderator', (_k, v) => `/v1/moderation/authors/news1/${inUrl(v)}`, () => obj({ mode: 'normal' })),
    keyedSlot('article closeAt', 'PUT', 'moderator', () => '/v1/moderation/articles/news1/fuzz-article', (v) => obj({ mode: 'open', closeAt: v })),
    keyedSlot('article id in path', 'PUT', 'moderator', (_k, v) => `/v1/moderation/articles/news1/${inUrl(v)}`, () => obj({ mode: 'open' })),
    keyedSlot('site hold', 'PUT', 'moderator', () => '/v1/moderation/sites/news1/hold', (v) => obj({ holdAll: v })),
    keyedSlot('coral body', 'POST', 'site', () => '/v1/integrations/coral/news1', (v) => obj({ action: 'NEW', comment: obj({ body: v }) })),
    bodySlot('rules test text', () => '/v1/rules/test', (v) => obj({ comment: obj({ name: 'Reader', text: v }) })),
    bodySlot('rules test candidate', () => '/v1/rules/test', (v) => obj({ comment: obj(ordinaryComment()), rules: obj({ checks: v }) })),
    ...AKISMET_FIELDS.map((f) => akismetSlot(f, '/1.1/comment-check')),
    akismetSlot('key', '/1.1/verify-key'), akismetSlot('comment_content', '/1.1/submit-spam'), akismetSlot('comment_content', '/1.1/submit-ham'),
    perspectiveSlot('text', (v) => analyzeBody({ comment: obj({ text: v }) })),
    perspectiveSlot('comment', (v) => analyzeBody({ comment: v })),
    perspectiveSlot('attribute', (v) => analyzeBody({ requestedAttributes: v })),
    perspectiveSlot('languages', (v) => analyzeBody({ languages: v })),
    perspectiveSlot('clientToken', (v) => analyzeBody({ clientToken: v, spanAnnotations: v })),
    perspectiveSlot('suggest', (v) => obj({ comment: obj({ text: 'An ordinary comment' }), attributeScores: obj({ SPAM: obj({ summaryScore: obj({ value: v }) }) }), languages: v }),
      (k) => `/v1alpha1/comments:suggestscore?key=${encodeURIComponent(k.site)}`),
  ];
}

/** A whole body of random shape for an endpoint (not just one field). */
function randomBodyCase(rng: Rng, blns: readonly string[], keys: FuzzKeys): FuzzCase {
  const body = rng.chance(0.05) ? rng.pick([DEEP_ARRAY, DEEP_OBJECT]) : rng.chance(0.3) ? pollutingObject(rng) : randomJson(rng, blns);
  const target = rng.int(4);
  if (target === 0) return { label: 'random comment body', method: 'POST', path: '/v1/comments', headers: jsonHeaders(keys.site), body: json(body), format: 'api', mustRefuse: true };
  if (target === 1) return { label: 'random bulk body', method: 'POST', path: '/v1/moderation/actions', headers: jsonHeaders(keys.moderator), body: json(body), format: 'api', mustRefuse: true };
  if (target === 2) return { label: 'random analyze body', method: 'POST', path: analyzePath(keys), headers: { 'Content-Type': 'application/json' }, body: json(body), format: 'perspective' };
  return { label: 'random rules test body', method: 'POST', path: '/v1/rules/test', headers: jsonHeaders(keys.moderator), body: json(body), format: 'api' };
}

/** Transport-level mutations of a case: what a broken or malicious client sends around the body. */
function mutate(rng: Rng, c: FuzzCase, blns: readonly string[]): FuzzCase {
  const body = c.body ?? Buffer.from('{}');
  // Body mutations of a GET change nothing the server reads, so only JSON POSTs must then be refused.
  const strict = c.format === 'api' && c.method === 'POST';
  const m = { ...c, headers: { ...c.headers }, sentFields: undefined };
  switch (rng.int(11)) {
    case 0: {
      delete m.headers['Content-Type'];
      return { ...m, label: `${c.label} +no content type`, body, mustRefuse: strict && c.method === 'POST' };
    }
    case 1: {
      const type = rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json', '*/*', 'application/json;;;', '']);
      return { ...m, label: `${c.label} +content type ${type}`, headers: { ...m.headers, 'Content-Type': type }, mustRefuse: c.mustRefuse };
    }
    case 2: {
      const charset = rng.pick(['latin1', 'utf-16', 'utf-16le', 'koi8-r', 'x-unknown', 'utf-8']);
      const type = c.format === 'akismet' ? 'application/x-www-form-urlencoded' : 'application/json';
      return { ...m, label: `${c.label} +charset ${charset}`, headers: { ...m.headers, 'Content-Type': `${type}; charset=${charset}` }, mustRefuse: strict && charset !== 'utf-8' ? true : c.mustRefuse };
    }
    case 3: {
      const encoding = rng.pick(['gzip', 'deflate', 'br', 'x-unknown']);
      const garbage = Buffer.from(Array.from({ length: 1 + rng.int(64) }, () => rng.int(256)));
      return { ...m, label: `${c.label} +garbage ${encoding}`, headers: { ...m.headers, 'Content-Encoding': encoding }, body: garbage, mustRefuse: strict };
    }
    case 4:
      return { ...m, label: `${c.label} +gzip`, headers: { ...m.headers, 'Content-Encoding': 'gzip' }, body: gzipSync(body), mustRefuse: c.mustRefuse };
    case 5: {
      // Splice invalid UTF-8 into the first string value of the body.
      const at = body.indexOf(':"');
      const cut = at >= 0 ? at + 2 : 0;
      const bad = rng.pick(INVALID_UTF8);
      return { ...m, label: `${c.label} +invalid utf-8 ${bad.toString('hex')}`, body: Buffer.concat([body.subarray(0, cut), bad, body.subarray(cut)]), mustRefuse: strict };
    }
    case 6: {
      const pad = Buffer.alloc(65 * 1024 + rng.int(64 * 1024), 'x');
      return { ...m, label: `${c.label} +oversized body`, body: Buffer.concat([Buffer.from('{"text":"'), pad, Buffer.from('"}')]), mustRefuse: strict };
    }
    case 7:
      return { ...m, label: `${c.label} +oversized header`, headers: { ...m.headers, 'X-Fuzz': 'h'.repeat(17 * 1024 + rng.int(32 * 1024)) }, mustRefuse: true };
    case 8: {
      // A key the service does not know, as raw bytes: UTF-8 in a header is latin1 on the wire.
      const key = Buffer.from(rng.pick(blns), 'utf8').toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
      if (!m.headers.Authorization) return { ...m, label: `${c.label} +api key ${JSON.stringify(key).slice(0, 40)}`, path: m.path.replace(/key=[^&]*/, `key=${encodeURIComponent(key)}`) };
      return { ...m, label: `${c.label} +key ${JSON.stringify(key).slice(0, 40)}`, headers: { ...m.headers, Authorization: `Bearer ${key}` }, mustRefuse: c.format === 'api' };
    }
    case 9:
      return { ...m, label: `${c.label} +NUL bytes`, body: Buffer.concat([body.subarray(0, 1), Buffer.from([0, 0]), body.subarray(1)]), mustRefuse: strict };
    default: {
      const value = rng.pick(OPERATORS);
      return { ...m, label: `${c.label} +query ${toJson(value)}`, path: `${m.path}${m.path.includes('?') ? '&' : '?'}site[$ne]=x&__proto__[polluted]=1&${inUrl(value)}` };
    }
  }
}

/** One random case: a hostile value in a random slot, a random body, or a transport mutation of either. */
export function randomCase(rng: Rng, blns: readonly string[], keys: FuzzKeys, slots: readonly Slot[]): FuzzCase {
  const base = rng.chance(0.15) ? randomBodyCase(rng, blns, keys) : rng.pick(slots).build(hostileValue(rng, blns), keys);
  return rng.chance(0.25) ? mutate(rng, base, blns) : base;
}

/** Each BLNS string in one slot (rotating through them), or in every slot. */
export function* blnsCases(blns: readonly string[], keys: FuzzKeys, slots: readonly Slot[], every: boolean): Generator<FuzzCase> {
  for (let i = 0; i < blns.length; i++) {
    const chosen = every ? slots : [slots[i % slots.length]!];
    for (const slot of chosen) yield { ...slot.build(blns[i]!, keys), label: `blns #${i} in ${slot.name}` };
  }
}
