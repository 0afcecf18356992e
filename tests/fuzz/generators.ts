// Hostile values for the fuzz suite and the chaos run. Everything is drawn
// from a seeded PRNG so a failing run is reproduced with FUZZ_SEED=<seed>.
// Only node built-ins are imported: bench/chaos.js loads this file too.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast and good enough to pick test inputs. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function seedFromEnv(): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given : 1 + Math.floor(Math.random() * 2 ** 31);
}

/** JSON text written as is: numbers JSON.stringify cannot produce (1e400, -0) and escapes like a lone surrogate. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as an ordered list of entries, so keys like "__proto__" are real keys in the JSON text. */
export class JsonObject {
  constructor(readonly entries: Array<[string, JsonValue]>) {}
}

export type JsonValue = null | boolean | number | string | RawJson | JsonObject | JsonValue[];

export function toJson(value: JsonValue): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  return JSON.stringify(value);
}

export const obj = (record: Record<string, JsonValue>): JsonObject => new JsonObject(Object.entries(record));

/** The Big List of Naughty Strings, as shipped in data/corpora. */
export function loadBlns(root = path.resolve(__dirname, '../..')): string[] {
  return JSON.parse(readFileSync(path.join(root, 'data/corpora/profanity/blns.json'), 'utf8')) as string[];
}

export const DEEP_ARRAY = new RawJson('['.repeat(10_000) + ']'.repeat(10_000));
export const DEEP_OBJECT = new RawJson('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000));

/** Numbers at and beyond the edges of what JSON and doubles can say. */
export const HOSTILE_NUMBERS: JsonValue[] = [
  new RawJson('1e400'), new RawJson('-1e400'), new RawJson('-0'), new RawJson('1e-400'), new RawJson('9007199254740993'),
  new RawJson('1' + '0'.repeat(400)), 'NaN', 'Infinity', '-Infinity', '-0', '1e400', 0, -1, 2 ** 31, 1.5,
];

/** MongoDB query and update operators, and keys with dots and dollars. */
export const OPERATORS: JsonValue[] = [
  obj({ $gt: '' }), obj({ $ne: null }), obj({ $ne: 'held' }), obj({ $where: 'sleep(1000) || true' }), obj({ $regex: '.*' }),
  obj({ $in: ['news1', 'news2'] }), obj({ $exists: true }), obj({ $expr: obj({ $eq: [1, 1] }) }), obj({ $set: obj({ site: 'news2' }) }),
  obj({ 'a.b': 1 }), obj({ '$': 1 }), obj({ 'x.$.y': 'z' }), [obj({ $gt: '' })],
];

/** Keys that reach Object.prototype when merged carelessly. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export function pollutingObject(rng: Rng): JsonObject {
  const key = rng.pick(PROTO_KEYS);
  if (key === 'constructor') return new JsonObject([['constructor', obj({ prototype: obj({ polluted: 'yes' }) })]]);
  return new JsonObject([[key, obj({ polluted: 'yes', toString: 'x', valueOf: 1 })]]);
}

/** Strings that break naive decoders and databases: lone surrogates, NUL, control characters. */
export const HOSTILE_TEXT: JsonValue[] = [
  new RawJson('"\\ud800"'), new RawJson('"a\\udfffb"'), new RawJson('"\\udc00\\ud800"'), 'a\u0000b', '\u0000', '\u0007\u001b[31m',
  '\ufeff', '\u202e', 'x'.repeat(20_001), ' '.repeat(100), '<script>alert(1)</script>', '${{7*7}}', "{{constructor.constructor('x')()}}",
  '%s%s%s%n', '\r\n\r\nHTTP/1.1 200 OK', '../../etc/passwd',
];

/** A random JSON value of bounded size, with hostile leaves mixed in. */
export function randomJson(rng: Rng, blns: readonly string[], depth = 0): JsonValue {
  const roll = rng.int(depth > 3 ? 6 : 9);
  switch (roll) {
    case 0: return rng.pick(blns);
    case 1: return rng.pick(HOSTILE_NUMBERS);
    case 2: return rng.pick(HOSTILE_TEXT);
    case 3: return rng.pick([null, true, false, 0, '', 'ok']);
    case 4: return rng.pick(OPERATORS);
    case 5: return pollutingObject(rng);
    case 6: return Array.from({ length: rng.int(4) }, () => randomJson(rng, blns, depth + 1));
    default: {
      const entries: Array<[string, JsonValue]> = [];
      for (let i = rng.int(5); i > 0; i--) {
        const key = rng.pick([rng.pick(blns), rng.pick(PROTO_KEYS), '$where', 'a.b', 'name', 'text', 'site']);
        entries.push([key, randomJson(rng, blns, depth + 1)]);
      }
      return new JsonObject(entries);
    }
  }
}

/** Any hostile value: what fills a field in a generated request. */
export function hostileValue(rng: Rng, blns: readonly string[]): JsonValue {
  const roll = rng.int(10);
  if (roll < 4) return rng.pick(blns);
  if (roll === 4) return rng.pick(HOSTILE_NUMBERS);
  if (roll === 5) return rng.pick(HOSTILE_TEXT);
  if (roll === 6) return rng.pick(OPERATORS);
  if (roll === 7) return pollutingObject(rng);
  if (roll === 8) return rng.chance(0.1) ? rng.pick([DEEP_ARRAY, DEEP_OBJECT]) : randomJson(rng, blns);
  return rng.pick([null, true, [], obj({}), 42]);
}

/** Whether a value is a JSON string as the API expects one (so it might be accepted). */
export const isPlainString = (value: JsonValue): value is string => typeof value === 'string';

/** Invalid UTF-8: stray continuation bytes, overlong forms, surrogates encoded in UTF-8, truncated sequences. */
export const INVALID_UTF8: Buffer[] = [
  Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xc3, 0x28]),
];
