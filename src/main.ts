// Process entry: config → database → app → listen, and a graceful shutdown
// that stops accepting, lets in-flight requests finish, then closes the database.
import type { Server } from 'node:http';
import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, (msg) => logger.info(msg));
  logger.info({ database: db.description }, `database: ${db.description}`);

  const app = buildApp({ conn: db.conn, logger, bodyLimit: config.BODY_LIMIT });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, host: config.HOST }, `listening on http://${config.HOST}:${config.PORT}`);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in 10 s; closing anyway');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(async () => {
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
  console.error(`moderation service failed to start: ${err.message}`);
  process.exit(1);
});
