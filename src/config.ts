// Every environment variable the service reads, parsed and validated in one place.
import path from 'node:path';
import { z } from 'zod';

const keyList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const pairs: Array<{ site: string; key: string }> = [];
    for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const at = item.indexOf(':');
      if (at <= 0 || at === item.length - 1) {
        ctx.addIssue({ code: 'custom', message: `expected "site:key", got an entry without both parts` });
        return z.NEVER;
      }
      pairs.push({ site: item.slice(0, at), key: item.slice(at + 1) });
    }
    return pairs;
  });

const moderatorKeyList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const out: Array<{ name: string; key: string; role: 'admin' | 'moderator' | 'viewer'; sites: string[] | null }> = [];
    for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      // name:key:role[:site1|site2]
      const [name, key, role, sites] = item.split(':');
      if (!name || !key || !role || !['admin', 'moderator', 'viewer'].includes(role)) {
        ctx.addIssue({ code: 'custom', message: 'expected "name:key:role[:site1|site2]" with role admin, moderator or viewer' });
        return z.NEVER;
      }
      out.push({ name, key, role: role as 'admin' | 'moderator' | 'viewer', sites: sites ? sites.split('|').filter(Boolean) : null });
    }
    return out;
  });

const intFrom = (def: number) => z.coerce.number().int().positive().default(def);

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  RULES_DIR: z.string().default('rules'),
  SITE_KEYS: keyList,
  MODERATOR_KEYS: moderatorKeyList,
  BODY_LIMIT: z.string().default('64kb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_TIMEOUT_MS: intFrom(5000),
  EMBEDDED_DB_RESTART_DELAY_MS: intFrom(200),
  WRITE_CONCERN: z.enum(['majority', '1']).default('majority'),
  WRITE_JOURNAL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  RATE_LIMIT_PER_MINUTE: intFrom(6000),
  MODERATOR_RATE_LIMIT_PER_MINUTE: intFrom(600),
  /** Deliver webhooks to loopback and private-network addresses too (never link-local or metadata ones). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Required as a bearer token on /metrics when set. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Serve /metrics on its own listener (METRICS_HOST:METRICS_PORT) instead of the public one. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_RATE_LIMIT_PER_MINUTE: intFrom(60),
  /** Failed authentications (any key, any endpoint) per client address per minute, before that address is refused. */
  AUTH_FAILURES_PER_MINUTE: intFrom(20),
  /** Express "trust proxy": unset (the socket's address is the client), "true", a hop count, or addresses/subnets ("loopback, 10.0.0.0/8"). */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined ? undefined : raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw)),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((raw) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
  /**
   * How far behind now the moderation queue stops: a comment's createdAt is
   * taken before its checks run, so one stored late could otherwise land
   * behind a page already served. At least the longest a submission takes.
   */
  QUEUE_SETTLE_MS: z.coerce.number().int().min(0).default(5000),
  /** Store keyed digests (HMAC-SHA256) of IPs and emails instead of the values (duplicates and floods still work). */
  HASH_PERSONAL_DATA: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** The HMAC key for HASH_PERSONAL_DATA; unset on the embedded database: generated in DATA_DIR/personal-data-key. */
  PERSONAL_DATA_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type Config = z.infer<typeof configSchema>;

/** The configuration from `env`; relative directories are taken from `cwd`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty variable means unset (MONGODB_URI= npm start uses the embedded database).
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(cwd, parsed.data.DATA_DIR), RULES_DIR: path.resolve(cwd, parsed.data.RULES_DIR) };
}
