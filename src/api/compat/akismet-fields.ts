// Akismet's form fields mapped onto our comment input. Akismet requires only
// api_key, blog and user_ip (https://akismet.com/developers/detailed-docs/comment-check/);
// comment_content is required here too, because this service judges text and
// there is no comment to store without it. Optional fields that do not fit our
// schema (a malformed email, a relative permalink) are left out rather than
// failing the request: Akismet clients cannot act on a validation error.
import { z } from 'zod';
import type { CommentInput } from '../../moderation/types';
import { formField } from './form-body';

/** Same limits as POST /v1/comments. */
const MAX_TEXT = 20_000;
const MAX_NAME = 200;
const MAX_USER_AGENT = 1000;

/** comment_author is optional in Akismet; a stored comment needs a name. */
const ANONYMOUS = 'anonymous';

const ip = z.union([z.ipv4(), z.ipv6()]);
const email = z.email().max(320);
const pageUrl = z.url({ protocol: /^https?$/ }).max(2000);
const languageTag = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export type AkismetFields =
  | { ok: true; input: CommentInput; isTest: boolean }
  | { ok: false; message: string; debugHelp: string };

const missing = (field: string): AkismetFields => ({
  ok: false,
  message: `Missing required field: ${field}.`,
  debugHelp: `Empty "${field}" value`,
});

const valid = <T>(schema: z.ZodType<T>, value: string | undefined): T | undefined =>
  value === undefined ? undefined : schema.safeParse(value.trim()).data;

/** blog_lang is a comma-separated list ("en, fr_ca"); the first entry, as a BCP 47 tag. */
function firstLanguage(blogLang: string | undefined): string | undefined {
  const first = blogLang?.split(',')[0]?.trim().replace(/_/g, '-');
  return first && languageTag.test(first) ? first : undefined;
}

export function akismetComment(body: unknown, site: string): AkismetFields {
  for (const field of ['blog', 'user_ip', 'comment_content']) {
    if (formField(body, field) === undefined) return missing(field);
  }
  const text = formField(body, 'comment_content')!;
  if (text.length > MAX_TEXT) {
    return { ok: false, message: `comment_content is longer than ${MAX_TEXT} characters.`, debugHelp: `"comment_content" is too long` };
  }
  const input: CommentInput = {
    site,
    name: (formField(body, 'comment_author')?.trim() ?? ANONYMOUS).slice(0, MAX_NAME),
    text,
  };
  const optional: Partial<CommentInput> = {
    ip: valid(ip, formField(body, 'user_ip')),
    email: valid(email, formField(body, 'comment_author_email')),
    articleUrl: valid(pageUrl, formField(body, 'permalink')),
    userAgent: formField(body, 'user_agent')?.trim().slice(0, MAX_USER_AGENT),
    language: firstLanguage(formField(body, 'blog_lang')),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (input as unknown as Record<string, string>)[key] = value;
  }
  const isTest = /^(1|true)$/i.test(formField(body, 'is_test')?.trim() ?? '');
  return { ok: true, input, isTest };
}
