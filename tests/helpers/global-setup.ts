// Starts the embedded database (FerretDB over SQLite) on a throwaway data
// directory for the whole run, unless MONGODB_URI points at a real server.
//
// Every temporary directory of the run (the database's, the test services'
// and rule files', and those of the processes they start) goes under one
// directory, through TMPDIR, which the teardown removes: the tests make
// dozens, and a run should leave nothing behind.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../../src/db/embedded';

export default async function globalSetup(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'moderation-test-run-'));
  process.env.TMPDIR = runDir;
  process.env.TEST_RUN_DIR = runDir;
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(runDir, 'moderation-test-db-'));
  const db = await startEmbeddedDb({ dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  (globalThis as Record<string, unknown>).__EMBEDDED_DB__ = db;
  process.env.TEST_MONGODB_URI = db.uri;
  process.env.TEST_EMBEDDED_DB_PORT = String(db.port);
  process.env.TEST_EMBEDDED_DB_DIR = dataDir;
  process.env.TEST_EMBEDDED_DB_QUERY_URL = db.queryUrl;
}
