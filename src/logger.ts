// Structured JSON logs. Keys, secrets and full IP addresses are redacted.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.key', '*.secret', '*.apiKey', '*.ip', 'ip'],
      censor: '[redacted]',
    },
  });
}
