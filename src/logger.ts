// Structured JSON logs. Keys, secrets and full IP addresses are redacted.
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination` defaults to stdout; tests pass a stream to read what would be logged. */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.key', '*.secret', '*.apiKey', '*.ip', 'ip'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
