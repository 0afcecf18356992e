// A real app on a real database for API tests: a fresh database per file,
// the shipped rules unless told otherwise, and one key per site.
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { buildApp, type AppParts } from '../../src/app';
import { KeyRing } from '../../src/access/key-ring';
import type { Moderator, Role } from '../../src/access/moderators';
import { createLogger } from '../../src/logger';
import { loadRuleBook, type RuleBook } from '../../src/ruleset/loader';
import { embeddedIndex, type EmbeddedIndex, type EmbeddedIndexOptions } from '../../src/store/embedded/index-client';
import { ensureIndexes } from '../../src/store/indexes';
import { openStore, type Store } from '../../src/store/store';
import { closeTestDatabase, joinTestDatabase, openTestDatabase } from './db';

export interface TestApp {
  app: Express;
  conn: Connection;
  store: Store;
  keys: Record<string, string>;
  auth(site: string): { Authorization: string };
  /** Keys of the moderators asked for with `moderators`, by name. */
  moderatorKeys: Record<string, string>;
  asModerator(name: string): { Authorization: string };
  close(): Promise<void>;
}

/** The embedded test database's moderation index for this connection's database; none on MongoDB. */
export function embeddedTestIndex(conn: Connection, observe?: EmbeddedIndexOptions['observe']): EmbeddedIndex | undefined {
  const url = process.env.TEST_EMBEDDED_DB_QUERY_URL;
  return url && !process.env.MONGODB_URI ? embeddedIndex({ url, database: conn.name, observe }) : undefined;
}

export async function startTestApp(
  name: string,
  opts: {
    sites?: string[];
    rules?: RuleBook;
    parts?: Partial<AppParts>;
    /** Join the file's database as it is (a second service instance) instead of starting empty. */
    keepData?: boolean;
    /** The embedded database's index to read through; null: none, as on MongoDB (default: the test database's own). */
    index?: EmbeddedIndex | null;
    /** Emit the driver's command events on conn.getClient(), and tell `observeIndex` of each index query. */
    monitorCommands?: boolean;
    observeIndex?: EmbeddedIndexOptions['observe'];
    /** Parts that need the file's connection, made once it is open. */
    beforeBuild?: (store: Store) => Partial<AppParts>;
    moderators?: Array<{ name: string; role: Role; sites?: string[] }> } = {},
): Promise<TestApp> {
  const connectOptions = { monitorCommands: opts.monitorCommands };
  const conn = opts.keepData ? await joinTestDatabase(name, connectOptions) : await openTestDatabase(name, connectOptions);
  const store = await openStore(conn, { index: opts.index === undefined ? embeddedTestIndex(conn, opts.observeIndex) : (opts.index ?? undefined) });
  await ensureIndexes(store);
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
    store, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), bodyLimit: '64kb', rules: () => rules, siteKeys,
    moderatorKeys: moderatorRing,
    ...opts.parts,
    ...opts.beforeBuild?.(store),
    // Tests store comments one after another, so the queue needs no settle delay unless a test asks for one.
    // Nor stats cached for a few seconds: tests read counts right after changing them.
    moderation: { queueSettleMs: 0, countsMaxAgeMs: 0, ...opts.parts?.moderation },
  });
  return {
    app,
    conn,
    store,
    keys,
    auth: (site) => ({ Authorization: `Bearer ${keys[site]}` }),
    moderatorKeys,
    asModerator: (name) => ({ Authorization: `Bearer ${moderatorKeys[name]}` }),
    close: () => (opts.keepData ? conn.close() : closeTestDatabase(conn)),
  };
}
