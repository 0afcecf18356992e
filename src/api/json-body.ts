// JSON bodies: the right content type (415 otherwise), a size limit (413),
// valid JSON (400), then the zod schema (400 naming the field).
import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { ApiError, validationError } from './errors';

export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is(['application/json', 'application/*+json'])) {
      return next(new ApiError(415, 'unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"', {
        received: req.headers['content-type'] ?? null,
      }));
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] })];
}

/** Parses with the schema or throws the documented 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
