// A queue page within two bounds: `limit` comments and a number of bytes of
// JSON. Comments are read a few at a time and turned into JSON one by one,
// so a page never holds more than it will send: one page of 100 comments
// stored with 600 KB of evidence each was 31 MB, read in one go while other
// sites' submissions waited. The page stops before the comment that would
// cross the byte bound (always serving at least one), and says there is more.
import type { CommentDoc } from '../store/comment-model';
import { queueItemView } from './moderation-views';

/** Default byte bound of a queue page's items. */
export const QUEUE_PAGE_BYTES = 1024 * 1024;

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

/** The page as the API answers it, assembled from the serialised items. */
export function pageJson(page: FilledPage, nextCursor: string | null, hasMore: boolean): string {
  return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)},"hasMore":${hasMore}}`;
}
