// Process entry: configuration, the service, and the signals that steer it
// (SIGHUP reloads rules; SIGTERM/SIGINT stop gracefully).
import { loadConfig } from './config';
import { createLogger } from './logger';
import { RuleFileError } from './ruleset/loader';
import { startService } from './service-runner';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const service = await startService(config, logger);

  process.on('SIGHUP', () => {
    logger.info('SIGHUP: reloading rules');
    service.rules.reload();
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'signal received');
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  const message = err instanceof RuleFileError ? `invalid rules: ${err.message}` : err.message;
  console.error(`moderation service failed to start: ${message}`);
  process.exit(1);
});
