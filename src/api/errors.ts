// One error shape for every failure the API answers:
// { error: { code, message, details } }. Codes are stable and machine-readable.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendError(res: Response, err: ApiError): void {
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details ?? null } });
}

/** Bounds on what an error repeats of the request: a body with 6,000 unknown keys made a 130 KB error. */
export const ERROR_ECHO = {
  /** Characters of a key, field path or value quoted back. */
  characters: 100,
  /** Unknown keys named in one issue; the rest are counted. */
  keys: 10,
  /** Issues listed; the rest are counted. */
  issues: 20,
} as const;

/** Part of the request repeated in an error, cut to ERROR_ECHO.characters. */
export function echoed(value: string): string {
  return value.length <= ERROR_ECHO.characters ? value : `${value.slice(0, ERROR_ECHO.characters)}…`;
}

/** "3 unknown keys: "a", "b", "c"", naming at most ERROR_ECHO.keys of them. */
export function unknownKeysMessage(keys: readonly string[]): string {
  const named = keys.slice(0, ERROR_ECHO.keys).map((k) => JSON.stringify(echoed(k))).join(', ');
  const rest = keys.length - ERROR_ECHO.keys;
  return `${keys.length} unknown ${keys.length === 1 ? 'key' : 'keys'}: ${named}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** A 400 naming each field zod rejected, with its path; bounded however many there are. */
export function validationError(error: ZodError, where = 'body'): ApiError {
  const fields = error.issues.slice(0, ERROR_ECHO.issues).map((issue) => {
    const field = echoed(issue.path.map(String).join('.') || where);
    if (issue.code === 'unrecognized_keys') {
      return { field, problem: issue.code, message: unknownKeysMessage(issue.keys), keys: issue.keys.slice(0, ERROR_ECHO.keys).map(echoed), keyCount: issue.keys.length };
    }
    return { field, problem: issue.code, message: echoed(issue.message) };
  });
  const first = fields[0];
  // A problem with the whole body (or query) is named once: "body: expected an object", not "body: body: …".
  const message = first ? (first.field === where ? `${where}: ${first.message}` : `${where}: ${first.field}: ${first.message}`) : `invalid ${where}`;
  const more = error.issues.length - fields.length;
  return new ApiError(400, 'invalid_request', message, { fields, ...(more > 0 && { moreIssues: more }) });
}

export const databaseUnavailable = (): ApiError =>
  new ApiError(503, 'database_unavailable', 'the database is unavailable; nothing was stored, retry later', null, {
    'Retry-After': '5',
  });

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** Errors thrown by express.json and friends, mapped to the documented codes. */
export function fromBodyParser(err: { type?: string; status?: number; message?: string; code?: string }): ApiError | null {
  // zlib (Z_DATA_ERROR …) and brotli (ERR__ERROR_FORMAT_…) failures while inflating a Content-Encoding.
  if (typeof err.code === 'string' && /^(Z_|ERR__ERROR)/.test(err.code)) {
    return new ApiError(400, 'malformed_body', 'the request body could not be decoded with its Content-Encoding');
  }
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'malformed_json', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(413, 'body_too_large', 'the request body is larger than the configured limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_encoding', err.message ?? 'unsupported body encoding');
    case 'request.aborted':
      return new ApiError(400, 'request_aborted', 'the client aborted the request body');
    case 'request.size.invalid':
      return new ApiError(400, 'body_length_mismatch', 'the body length does not match Content-Length');
    default:
      if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
        return new ApiError(err.status, 'bad_request', err.message ?? 'bad request');
      }
      return null;
  }
}

export function isDatabaseError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  // EmbeddedQueryError: the embedded database's index did not answer (store/embedded/index-client.ts).
  return /^Mongo|^MongooseServerSelectionError$|^DocumentNotFoundError$|^EmbeddedQueryError$/.test(name) &&
    !/duplicate key/i.test(String((err as Error).message));
}

export function errorHandler(log: (obj: object, msg: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof ApiError) return sendError(res, err);
    const parsed = fromBodyParser(err ?? {});
    if (parsed) return sendError(res, parsed);
    if (isDatabaseError(err)) {
      log({ err: { name: err.name, message: err.message } }, 'database error');
      return sendError(res, databaseUnavailable());
    }
    log({ err: { name: err?.name, message: err?.message, stack: err?.stack } }, 'unexpected error');
    sendError(res, new ApiError(500, 'internal_error', 'unexpected error; the request was not completed'));
  };
}
