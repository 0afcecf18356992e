// Comment ids. A comment with the site's own id (externalId) gets an id
// derived from site + externalId, so a retried or racing submission collides
// on the _id unique index: exactly one copy is ever stored, on any server.
import { createHash, randomBytes } from 'node:crypto';

export function commentIdFor(site: string, externalId: string | undefined): string {
  if (externalId === undefined) {
    // Time first, so ids sort roughly by arrival; 64 random bits make collisions negligible.
    return Date.now().toString(16).padStart(12, '0') + randomBytes(8).toString('hex');
  }
  return 'x' + createHash('sha256').update(site).update('\0').update(externalId).digest('hex').slice(0, 27);
}

export const isDuplicateKeyError = (err: unknown): boolean =>
  (err as { code?: number } | null)?.code === 11000 || /E11000|duplicate key/i.test(String((err as Error)?.message));
