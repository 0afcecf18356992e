// Builds the Express app from parts made elsewhere; it never listens, so tests
// drive it with supertest and main.ts decides ports and lifetimes.
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { errorHandler, notFoundHandler } from './api/errors';
import { healthRouter } from './api/health';
import type { Logger } from './logger';

export interface AppParts {
  conn: Connection;
  logger: Logger;
  bodyLimit: string;
}

export function buildApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(healthRouter(parts.conn));
  app.use(notFoundHandler);
  app.use(errorHandler((obj, msg) => parts.logger.error(obj, msg)));
  return app;
}
