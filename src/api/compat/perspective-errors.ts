// Errors in the Google API shape that Perspective clients parse:
// { error: { code, message, status } }, code being the HTTP status.
import type { ErrorRequestHandler, Response } from 'express';
import { ApiError, fromBodyParser, isDatabaseError } from '../errors';

export class PerspectiveError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Google's typed error details (e.g. LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE), when there are any. */
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new PerspectiveError(400, 'INVALID_ARGUMENT', message);

export function sendPerspectiveError(res: Response, err: PerspectiveError): void {
  res.status(err.httpStatus).set(err.headers).json({ error: { code: err.httpStatus, message: err.message, status: err.status, ...(err.details && { details: err.details }) } });
}

/** Body-parser and database failures on the Perspective routes, in the same shape. */
export const perspectiveErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof PerspectiveError) return sendPerspectiveError(res, err);
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return sendPerspectiveError(res, invalidArgument('Invalid JSON payload received.'));
  if (type === 'entity.too.large') return sendPerspectiveError(res, new PerspectiveError(413, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit.'));
  // Any other refused body (charset, Content-Encoding, invalid UTF-8) in Google's shape too.
  const refused = err instanceof ApiError ? err : fromBodyParser(err ?? {});
  if (refused && refused.status < 500) return sendPerspectiveError(res, new PerspectiveError(refused.status, 'INVALID_ARGUMENT', refused.message));
  if (isDatabaseError(err)) return sendPerspectiveError(res, new PerspectiveError(503, 'UNAVAILABLE', 'The service is currently unavailable.'));
  next(err);
};
