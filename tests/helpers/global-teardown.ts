import { rmSync } from 'node:fs';
import type { EmbeddedDb } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__EMBEDDED_DB__ as EmbeddedDb | undefined;
  if (!db) return;
  await db.stop();
  rmSync(db.dataDir, { recursive: true, force: true });
}
