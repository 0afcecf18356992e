// Each test file gets its own database on the shared test server, so files
// can run in parallel without seeing each other's documents.
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect';

export function testDatabaseUri(name: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup starts the database)');
  const url = new URL(base);
  const safe = name.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 40);
  url.pathname = `/t_${safe}_${process.pid}`;
  return url.toString();
}

/** A second connection to the file's database, leaving its data in place. */
export function joinTestDatabase(name: string): Promise<Connection> {
  return connectDatabase({ uri: testDatabaseUri(name), timeoutMs: 5000, writeConcern: 'majority', journal: true });
}

export async function openTestDatabase(name: string): Promise<Connection> {
  const conn = await joinTestDatabase(name);
  await conn.dropDatabase();
  return conn;
}

export async function closeTestDatabase(conn: Connection): Promise<void> {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
}
