// The queue's opaque cursor: the (createdAt, _id) of the last comment served.
// Comments sort by that pair, so the next page starts strictly after it and no
// comment is served twice or skipped, however many arrive in between.
import { z } from 'zod';
import { ApiError } from './errors';

// 8.64e15 ms is the last instant a Date can hold: a later one is no position in the queue.
const position = z.tuple([z.number().int().nonnegative().max(8.64e15), z.string().regex(/^[a-z0-9]{1,64}$/)]);

export interface QueuePosition {
  createdAt: Date;
  id: string;
}

export const encodeCursor = (p: QueuePosition): string => Buffer.from(JSON.stringify([p.createdAt.getTime(), p.id])).toString('base64url');

export function decodeCursor(cursor: string): QueuePosition {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = null;
  }
  const parsed = position.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, 'invalid_cursor', 'the cursor is not one this API returned', { field: 'cursor' });
  return { createdAt: new Date(parsed.data[0]), id: parsed.data[1] };
}

/** The filter for comments strictly after a position in (createdAt, _id) order. */
export const afterPosition = (p: QueuePosition): Record<string, unknown> => ({
  $or: [{ createdAt: { $gt: p.createdAt } }, { createdAt: p.createdAt, _id: { $gt: p.id } }],
});
