// A queue page within two bounds: `limit` comments and a number of bytes of
// JSON. Comments are read a few at a time and turned into JSON one by one,
// so a page never holds more than it will send: one page of 100 comments
// stored with 600 KB of evidence each was 31 MB, read in one go while other
// sites' submissions waited. The page stops before the comment that would
// cross the byte bound (always serving at least one), and says there is more.
import { withinLimits } from '../moderation/evidence-caps';
import type { CommentDoc } from '../store/comment-model';
import { queueItemView } from './moderation-views';

/** Default byte bound of a queue page's items. */
export const QUEUE_PAGE_BYTES = 1024 * 1024;

/** How many comments are read from the database at a time. */
const READ_CHUNK = 10;

export interface FilledPage {
  /** Each served item, already serialised. */
  items: string[];
  /** The last comment served (the next page starts after it). */
  last: CommentDoc | undefined;
  /** True when a further comment was found but not served (the limit or the byte bound). */
  more: boolean;
}

/** Takes comments in queue order until `limit` of them or `maxBytes` of JSON. */
export async function fillPage(docs: AsyncIterable<CommentDoc>, limit: number, maxBytes: number): Promise<FilledPage> {
  const items: string[] = [];
  let bytes = 0;
  let last: CommentDoc | undefined;
  for await (const doc of docs) {
    if (items.length === limit) return { items, last, more: true };
    const json = JSON.stringify(queueItemView(doc));
    const size = Buffer.byteLength(json) + 1;
    if (items.length > 0 && bytes + size > maxBytes) return { items, last, more: true };
    items.push(json);
    bytes += size;
    last = doc;
  }
  return { items, last, more: false };
}

/**
 * The comments behind an index's ids, in the ids' order, read a few at a
 * time by `read` (the embedded index's documents by _id). One moderated since
 * the index was read is left out, as the query would leave it out now.
 *
 * Once a comment stored with unbounded evidence turns up (a few hundred KB to
 * parse), the rest are read one at a time, so other requests get the service
 * between them rather than waiting behind ten such at once.
 */
export async function* commentsByIds(read: (ids: readonly string[]) => Promise<CommentDoc[]>, ids: readonly string[], status: CommentDoc['status']): AsyncGenerator<CommentDoc> {
  let width = READ_CHUNK;
  for (let i = 0; i < ids.length; i += width) {
    const docs = await read(ids.slice(i, i + width));
    if (docs.some((d) => !withinLimits(d.decision?.reasons ?? []))) width = 1;
    for (const d of docs) if (d.status === status) yield d;
  }
}

/** The page as the API answers it, assembled from the serialised items. */
export function pageJson(page: FilledPage, nextCursor: string | null, hasMore: boolean): string {
  return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)},"hasMore":${hasMore}}`;
}
