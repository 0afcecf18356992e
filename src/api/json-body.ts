// JSON bodies: the right content type (415 otherwise), a size limit (413),
// valid JSON (400), then the zod schema (400 naming the field).
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { ApiError, validationError } from './errors';

/**
 * express.json verify hook: invalid UTF-8 is refused, not decoded into U+FFFD,
 * so what is stored is what the client sent (or nothing).
 */
export function refuseInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(buf)) {
    throw new ApiError(400, 'invalid_utf8', 'the request body is not valid UTF-8');
  }
}

/** No body at all, or one announced as zero bytes. */
function isEmpty(req: Request): boolean {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined) return false;
  return length === undefined || Number(length) === 0;
}

export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    // A request without a body has no content type to check (req.is answers null): say what is missing.
    if (isEmpty(req)) return next(new ApiError(400, 'invalid_request', 'the request body is empty; send the comment as JSON', { fields: [{ field: 'body', problem: 'empty', message: 'body is empty' }] }));
    if (!req.is(['application/json', 'application/*+json'])) {
      return next(new ApiError(415, 'unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"', {
        received: req.headers['content-type'] ?? null,
      }));
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, type: ['application/json', 'application/*+json'], verify: refuseInvalidUtf8 })];
}

/** Parses with the schema or throws the documented 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
