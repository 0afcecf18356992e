// The whole service as one object: rules, database, app, webhook worker,
// retention job and HTTP server, started in order and stopped gracefully
// (stop accepting, finish in-flight requests, then close the database).
// main.ts adds only signals; tests start and stop it in-process.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { buildApp } from './app';
import express from 'express';
import { answerClientErrors } from './api/client-errors';
import { errorHandler, notFoundHandler } from './api/errors';
import { metricsRouter } from './api/observability/metrics-route';
import { ServiceMetrics } from './api/observability/metrics';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import type { Logger } from './logger';
import { liveRules, type LiveRules } from './ruleset/live-rules';
import { applyRetention } from './service/retention';
import { PersonalDataProtection, personalDataKey } from './service/personal-data';
import { DEVELOPMENT_SITE, keysFromConfig, type KeySetup } from './service/site-keys';
import { WebhookWorker } from './service/webhooks/worker';
import { ensureIndexes } from './store/indexes';
import { embeddedIndex } from './store/embedded/index-client';
import { openStore } from './store/store';

export interface RunningService {
  server: Server;
  port: number;
  db: Database;
  rules: LiveRules;
  /** The port of the separate metrics listener (METRICS_PORT), if any. */
  metricsPort?: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes everything. */
  stop(graceMs?: number): Promise<void>;
}

const RETENTION_EVERY_MS = 3600_000;

export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  // Before anything starts: without MONGODB_URI the database is the embedded one.
  const personalData = config.HASH_PERSONAL_DATA
    ? new PersonalDataProtection(personalDataKey(config.PERSONAL_DATA_KEY, { embedded: !config.MONGODB_URI, dataDir: config.DATA_DIR }))
    : undefined;
  const metrics = new ServiceMetrics({ defaultMetrics: true });
  // Rules first: a broken rule file stops the service before anything starts.
  const rules = liveRules(config.RULES_DIR, {
    watch: true,
    onReload: (book) => {
      metrics.setRulesVersion(book.defaultRules.version);
      logger.info({ rulesVersion: book.defaultRules.version }, 'rules reloaded');
    },
    onError: (err) => logger.error({ error: err.message }, 'rules not reloaded; the previous rules keep serving'),
  });
  metrics.setRulesVersion(rules.current().defaultRules.version);
  logger.info({ rulesDir: config.RULES_DIR, rulesVersion: rules.current().defaultRules.version }, 'rules loaded');

  let db: Database;
  try {
    db = await openDatabase(config, (msg) => logger.info(msg));
    logger.info({ database: db.description }, `database: ${db.description}`);
  } catch (err) {
    rules.close();
    throw err;
  }

  const keys = keysFromConfig({ sites: config.SITE_KEYS, moderators: config.MODERATOR_KEYS }, { embedded: !!db.embedded, dataDir: config.DATA_DIR });
  if (keys.development?.siteKey) logger.warn(`no SITE_KEYS configured: using a development key for site "${DEVELOPMENT_SITE}" (kept in DATA_DIR/dev-site-key)`);
  if (keys.development?.moderatorKey) logger.warn('no MODERATOR_KEYS configured: using a development admin key (kept in DATA_DIR/dev-moderator-key)');

  // FerretDB scans every stored comment for the queue and stats, and every
  // delivery for the webhook worker's poll; its SQLite file has indexes for them.
  const store = await openStore(db.conn, { index: db.queryUrl ? embeddedIndex({ url: db.queryUrl, database: db.conn.name }) : undefined });
  await ensureIndexes(store);
  const app = buildApp({
    store,
    logger,
    bodyLimit: config.BODY_LIMIT,
    rules: rules.current,
    siteKeys: keys.sites,
    moderatorKeys: keys.moderators,
    metrics,
    rateLimits: { sitePerMinute: config.RATE_LIMIT_PER_MINUTE, moderatorPerMinute: config.MODERATOR_RATE_LIMIT_PER_MINUTE, authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE },
    trustProxy: config.TRUST_PROXY,
    metricsAccess: { token: config.METRICS_TOKEN, perMinute: config.METRICS_RATE_LIMIT_PER_MINUTE, separate: config.METRICS_PORT !== undefined },
    corsOrigins: config.CORS_ORIGINS,
    personalData,
    moderation: { queueSettleMs: config.QUEUE_SETTLE_MS },
  });
  // Webhook deliveries are sent in the background; retries survive restarts (state is in the database).
  const webhooks = new WebhookWorker(store, {
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    log: (obj, msg) => logger.warn(obj, msg),
    onAttempt: (result) => metrics.webhookDeliveries.inc({ result }),
  }).start();
  const retention = setInterval(() => {
    applyRetention(store, rules.current(), Date.now()).then(
      (report) => logger.info({ retention: report }, 'retention job done'),
      (err: Error) => logger.warn({ error: err.message }, 'retention job failed; will retry'),
    );
  }, RETENTION_EVERY_MS);
  retention.unref();

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  answerClientErrors(server);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.HOST }, `listening on http://${config.HOST}:${port}`);
  if (keys.development) process.stdout.write(developmentBanner(keys.development, port));
  const metricsServer = config.METRICS_PORT === undefined ? null : await listenForMetrics(metrics, config, logger);

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      clearInterval(retention);
      rules.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => {
        logger.warn(`in-flight requests did not finish in ${graceMs} ms; closing anyway`);
        server.closeAllConnections();
      }, graceMs);
      await closed;
      clearTimeout(force);
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await webhooks.stop().catch((err: Error) => logger.error({ error: err.message }, 'stopping the webhook worker failed'));
      await db.close().catch((err: Error) => logger.error({ error: err.message }, 'closing the database failed'));
      logger.info('stopped');
    })();
    return stopping;
  };

  return { server, port, db, rules, stop, metricsPort: metricsServer ? (metricsServer.address() as AddressInfo).port : undefined };
}

/** /metrics alone, on METRICS_HOST:METRICS_PORT (a private interface, for the scraper only). */
async function listenForMetrics(metrics: ServiceMetrics, config: Config, logger: Logger): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(metrics, { token: config.METRICS_TOKEN, perMinute: config.METRICS_RATE_LIMIT_PER_MINUTE }));
  app.use(notFoundHandler);
  app.use(errorHandler((obj, msg) => logger.error(obj, msg)));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.METRICS_PORT ?? 0, config.METRICS_HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ port: (server.address() as AddressInfo).port, host: config.METRICS_HOST }, 'metrics listening');
  return server;
}

/** What a developer needs after `npm start`: where to post, the console, and the keys for both. */
function developmentBanner(dev: NonNullable<KeySetup['development']>, port: number): string {
  const base = `http://localhost:${port}`;
  const lines = ['', `  The service is up at ${base} (embedded database, development keys from DATA_DIR).`];
  if (dev.siteKey) {
    lines.push(
      `  Site key (site "${DEVELOPMENT_SITE}"): ${dev.siteKey}`,
      `    curl -H 'Authorization: Bearer ${dev.siteKey}' -H 'Content-Type: application/json' -d '{"name":"Ann","text":"Hello"}' ${base}/v1/comments`,
    );
  }
  lines.push(`  Moderator console: ${base}/console`);
  if (dev.moderatorKey) lines.push(`  Moderator key (admin, every site): ${dev.moderatorKey}`);
  else lines.push('  Moderator keys: MODERATOR_KEYS, or `npx moderate keys add NAME --role moderator`');
  return `${lines.join('\n')}\n\n`;
}
