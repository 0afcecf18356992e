// The database as the rest of the service sees it: the connection, which
// server it is, and the helpers whose implementation depends on that, so that
// code outside src/store never branches on the database.
import type { Connection } from 'mongoose';
import { detectBackend, type BackendKind } from './backend';
import { conditionalUpdate, type ConditionalUpdate } from './conditional-update';
import type { EmbeddedIndex } from './embedded/index-client';

export interface Store {
  conn: Connection;
  kind: BackendKind;
  /**
   * The embedded database's index (src/store/embedded/index-client.ts): the
   * service has it on the embedded database; a command pointed at a running
   * one through MONGODB_URI does not, and falls back to (scanning) queries.
   */
  index?: EmbeddedIndex;
  updateIf: ConditionalUpdate;
}

export async function openStore(conn: Connection, opts: { index?: EmbeddedIndex } = {}): Promise<Store> {
  const kind = await detectBackend(conn);
  return { conn, kind, index: kind === 'ferretdb' ? opts.index : undefined, updateIf: conditionalUpdate(kind) };
}
