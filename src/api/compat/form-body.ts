// Form-encoded bodies (application/x-www-form-urlencoded), as Akismet clients
// send them. Flat parsing only: a field is a string, never a nested object, so
// "a[b]=1" cannot smuggle structure into the comment.
import express, { type RequestHandler } from 'express';

export function formBody(limit: string): RequestHandler {
  return express.urlencoded({ extended: false, limit, parameterLimit: 200, type: 'application/x-www-form-urlencoded' });
}

/**
 * A field exactly as sent (comment text keeps its offsets); absent, blank and
 * repeated fields count as missing.
 */
export function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value;
}
