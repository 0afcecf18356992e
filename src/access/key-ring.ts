// API keys, held only as SHA-256 digests. Looking a presented key up by its
// digest compares in constant time with respect to the key itself: timing can
// reveal at most a digest prefix, which says nothing useful about any key.
import { createHash } from 'node:crypto';

export const digestKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export class KeyRing<T> {
  private readonly byDigest = new Map<string, T>();

  add(key: string, owner: T): void {
    this.byDigest.set(digestKey(key), owner);
  }

  addDigest(digest: string, owner: T): void {
    this.byDigest.set(digest, owner);
  }

  lookup(key: string): T | undefined {
    return this.byDigest.get(digestKey(key));
  }

  get size(): number {
    return this.byDigest.size;
  }
}
