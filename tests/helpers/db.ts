// Each test file gets its own database on the shared test server, so files
// can run in parallel without seeing each other's documents.
//
// A database is never dropped and then made again under the same name: on
// the embedded database a drop unlinks the SQLite file, and a new file at the
// same path while any other connection (the database's own indexer, an index
// query) still holds the old one would pick up the old one's WAL. So each
// openTestDatabase starts a database under a new name, and the name a test
// uses stands for the one it opened last.
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect';

const current = new Map<string, string>();
let opened = 0;

function databaseName(name: string, fresh: boolean): string {
  const known = current.get(name);
  if (known && !fresh) return known;
  opened += 1;
  const safe = name.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 40);
  const db = `t_${safe}_${process.pid}_${opened}`;
  current.set(name, db);
  return db;
}

function uriFor(database: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup starts the database)');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The connection string of the database the test named `name` opened last (for a second client or a CLI run). */
export function testDatabaseUri(name: string): string {
  return uriFor(databaseName(name, false));
}

export interface TestConnectOptions {
  /** Emit the driver's command events (the query-plan test records every query). */
  monitorCommands?: boolean;
}

const connect = (uri: string, opts: TestConnectOptions) =>
  connectDatabase({ uri, timeoutMs: 5000, writeConcern: 'majority', journal: true, monitorCommands: opts.monitorCommands });

/** A second connection to the file's database, leaving its data in place. */
export function joinTestDatabase(name: string, opts: TestConnectOptions = {}): Promise<Connection> {
  return connect(testDatabaseUri(name), opts);
}

/** A connection to a new, empty database for `name`. */
export function openTestDatabase(name: string, opts: TestConnectOptions = {}): Promise<Connection> {
  return connect(uriFor(databaseName(name, true)), opts);
}

export async function closeTestDatabase(conn: Connection): Promise<void> {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
}
