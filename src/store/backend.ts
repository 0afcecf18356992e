// Which server the connection talks to. The service runs on MongoDB in
// production and on the embedded FerretDB v1 by default; the two differ in
// what the store layer must do for a query to stay an index lookup and an
// update to stay atomic (see conditional-update.ts and embedded/index-client.ts).
import type { Connection } from 'mongoose';

export type BackendKind = 'mongodb' | 'ferretdb';

/** Asks the server: FerretDB answers buildInfo with its own version beside MongoDB's. */
export async function detectBackend(conn: Connection): Promise<BackendKind> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb';
}
