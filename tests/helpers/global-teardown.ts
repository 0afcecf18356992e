import { rmSync } from 'node:fs';
import type { EmbeddedDb } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__EMBEDDED_DB__ as EmbeddedDb | undefined;
  if (db) await db.stop();
  // The run's temporary directories, the database's included (see global-setup.ts).
  const runDir = process.env.TEST_RUN_DIR;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
