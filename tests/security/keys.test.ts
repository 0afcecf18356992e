// API keys are held only as SHA-256 digests: no key string is retained
// anywhere in a KeyRing, so a heap dump reveals none and lookups compare
// digests (timing can reveal at most a digest prefix, not the key).
import { digestKey, KeyRing } from '../../src/access/key-ring';
import { moderatorRingFromConfig } from '../../src/access/moderators';

/** Every string reachable from a value: own properties, Map and Set entries. */
function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const children: unknown[] = value instanceof Map ? [...value.entries()].flat() : value instanceof Set ? [...value] : [];
  for (const key of Reflect.ownKeys(value)) {
    children.push(typeof key === 'string' ? key : undefined, (value as Record<string | symbol, unknown>)[key]);
  }
  return children.flatMap((c) => stringsIn(c, seen));
}

describe('key rings', () => {
  const keys = ['site-key-0123456789abcdef', 'another-site-key', 'x'];

  it('retain no key string, only digests, and still find every key', () => {
    const ring = new KeyRing<string>();
    keys.forEach((k, i) => ring.add(k, `site${i}`));
    const strings = stringsIn(ring);
    expect(strings).toEqual(expect.arrayContaining(keys.map(digestKey)));
    for (const key of keys) expect(strings.filter((s) => s.includes(key) && s !== digestKey(key))).toEqual([]);
    keys.forEach((k, i) => expect(ring.lookup(k)).toBe(`site${i}`));
    expect(ring.lookup('site-key-0123456789abcdeF')).toBeUndefined();
    expect(ring.lookup(digestKey(keys[0]!))).toBeUndefined();
  });

  it('retain no moderator key string either', () => {
    const ring = moderatorRingFromConfig([{ name: 'alice', key: 'alice-secret-key-42', role: 'admin', sites: null }]);
    expect(stringsIn(ring).filter((s) => s.includes('alice-secret-key-42'))).toEqual([]);
    expect(ring.lookup('alice-secret-key-42')?.name).toBe('alice');
  });

  it('digest keys with SHA-256 (fixed length whatever the key length)', () => {
    expect(digestKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digestKey('k'.repeat(10_000))).toHaveLength(64);
  });
});
