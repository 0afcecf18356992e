// Process entry: config → database → rules → app → listen, and a graceful
// shutdown that stops accepting, lets in-flight requests finish, then closes
// the database.
import type { Server } from 'node:http';
import { buildApp } from './app';
import { moderatorRingFromConfig } from './api/moderator-auth';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { liveRules } from './ruleset/live-rules';
import { RuleFileError } from './ruleset/loader';
import { siteKeysFromConfig } from './service/site-keys';
import { WebhookWorker } from './service/webhooks/worker';
import { ensureIndexes } from './store/indexes';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  // Rules first: a broken rule file stops the service before anything starts.
  const rules = liveRules(config.RULES_DIR, {
    watch: true,
    onReload: (book) => logger.info({ rulesVersion: book.defaultRules.version }, 'rules reloaded'),
    onError: (err) => logger.error({ error: err.message }, 'rules not reloaded; the previous rules keep serving'),
  });
  logger.info({ rulesDir: config.RULES_DIR, rulesVersion: rules.current().defaultRules.version }, 'rules loaded');

  const db = await openDatabase(config, (msg) => logger.info(msg));
  logger.info({ database: db.description }, `database: ${db.description}`);
  await ensureIndexes(db.conn);

  const keys = siteKeysFromConfig(config.SITE_KEYS, { embedded: !!db.embedded, dataDir: config.DATA_DIR });
  if (keys.developmentKey) {
    logger.warn('no SITE_KEYS configured: using a development key for site "default" (kept in DATA_DIR/dev-site-key)');
    process.stdout.write(`\n  Development site key (site "default"): ${keys.developmentKey}\n  curl -H 'Authorization: Bearer ${keys.developmentKey}' -H 'Content-Type: application/json' -d '{"name":"Ann","text":"Hello"}' http://localhost:${config.PORT}/v1/comments\n\n`);
  }

  const app = buildApp({ conn: db.conn, logger, bodyLimit: config.BODY_LIMIT, rules: rules.current, siteKeys: keys.ring,
    moderatorKeys: moderatorRingFromConfig(config.MODERATOR_KEYS) });
  // Webhook deliveries are sent in the background; retries survive restarts (state is in the database).
  const webhooks = new WebhookWorker(db.conn, { log: (obj, msg) => logger.warn(obj, msg) }).start();
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, host: config.HOST }, `listening on http://${config.HOST}:${config.PORT}`);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  process.on('SIGHUP', () => {
    logger.info('SIGHUP: reloading rules');
    rules.reload();
  });

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    rules.close();
    const webhooksStopped = webhooks.stop().catch((err) => logger.error({ err }, 'stopping the webhook worker failed'));
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in 10 s; closing anyway');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(async () => {
      await webhooksStopped;
      await db.close().catch((err) => logger.error({ err }, 'closing the database failed'));
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  const message = err instanceof RuleFileError ? `invalid rules: ${err.message}` : err.message;
  console.error(`moderation service failed to start: ${message}`);
  process.exit(1);
});
