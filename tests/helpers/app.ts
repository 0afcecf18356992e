// A real app on a real database for API tests: a fresh database per file,
// the shipped rules unless told otherwise, and one key per site.
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { buildApp, type AppParts } from '../../src/app';
import { KeyRing } from '../../src/api/key-ring';
import type { Moderator, Role } from '../../src/api/moderator-auth';
import { createLogger } from '../../src/logger';
import { loadRuleBook, type RuleBook } from '../../src/ruleset/loader';
import { embeddedModerationReader, type EmbeddedIndexReader } from '../../src/store/embedded-moderation-reader';
import { ensureIndexes } from '../../src/store/indexes';
import { closeTestDatabase, joinTestDatabase, openTestDatabase } from './db';

export interface TestApp {
  app: Express;
  conn: Connection;
  keys: Record<string, string>;
  auth(site: string): { Authorization: string };
  /** Keys of the moderators asked for with `moderators`, by name. */
  moderatorKeys: Record<string, string>;
  asModerator(name: string): { Authorization: string };
  close(): Promise<void>;
}

/** The embedded test database's moderation index for this connection's database; none on MongoDB. */
export function embeddedTestIndex(conn: Connection): EmbeddedIndexReader | undefined {
  const dataDir = process.env.TEST_EMBEDDED_DB_DIR;
  return dataDir && !process.env.MONGODB_URI ? embeddedModerationReader({ dataDir, database: conn.name }) : undefined;
}

export async function startTestApp(
  name: string,
  opts: {
    sites?: string[];
    rules?: RuleBook;
    parts?: Partial<AppParts>;
    /** Join the file's database as it is (a second service instance) instead of starting empty. */
    keepData?: boolean;
    /** Parts that need the file's connection, made once it is open. */
    beforeBuild?: (conn: Connection) => Partial<AppParts>;
    moderators?: Array<{ name: string; role: Role; sites?: string[] }> } = {},
): Promise<TestApp> {
  const conn = opts.keepData ? await joinTestDatabase(name) : await openTestDatabase(name);
  await ensureIndexes(conn);
  const rules = opts.rules ?? loadRuleBook('rules');
  const siteKeys = new KeyRing<string>();
  const keys: Record<string, string> = {};
  for (const site of opts.sites ?? ['news1', 'news2']) {
    keys[site] = `key-${site}-${Math.random().toString(36).slice(2)}`;
    siteKeys.add(keys[site]!, site);
  }
  const moderatorRing = new KeyRing<Moderator>();
  const moderatorKeys: Record<string, string> = {};
  for (const { name, role, sites } of opts.moderators ?? []) {
    moderatorKeys[name] = `mod-${name}-${Math.random().toString(36).slice(2)}`;
    moderatorRing.add(moderatorKeys[name]!, { name, role, sites: sites ?? null });
  }
  const app = buildApp({
    conn, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), bodyLimit: '64kb', rules: () => rules, siteKeys,
    moderatorKeys: moderatorRing,
    // As the service does on the embedded database: the queue and stats from its SQLite indexes.
    moderationIndex: embeddedTestIndex(conn),
    ...opts.parts,
    ...opts.beforeBuild?.(conn),
    // Tests store comments one after another, so the queue needs no settle delay unless a test asks for one.
    // Nor stats cached for a few seconds: tests read counts right after changing them.
    moderation: { queueSettleMs: 0, countsMaxAgeMs: 0, ...opts.parts?.moderation },
  });
  return {
    app,
    conn,
    keys,
    auth: (site) => ({ Authorization: `Bearer ${keys[site]}` }),
    moderatorKeys,
    asModerator: (name) => ({ Authorization: `Bearer ${moderatorKeys[name]}` }),
    close: () => (opts.keepData ? conn.close() : closeTestDatabase(conn)),
  };
}
