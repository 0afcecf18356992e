// Privacy at rest: with HASH_PERSONAL_DATA on, IPs and emails are stored as
// salted-free SHA-256 digests. Duplicate and flood history never needed the
// values (it hashes them already), so the checks work the same.
import { createHash } from 'node:crypto';
import type { CommentInput } from '../moderation/types';

const digest = (value: string) => `sha256:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex')}`;

export function protectPersonalData<T extends Pick<CommentInput, 'ip' | 'email'>>(input: T): T {
  return {
    ...input,
    ...(input.ip !== undefined && { ip: digest(input.ip) }),
    ...(input.email !== undefined && { email: digest(input.email) }),
  };
}
