// `moderate sites set-webhook|remove-webhook|list|deliveries`: per-site
// webhook settings in the `sites` collection, and each site's delivery log.
import { randomBytes } from 'node:crypto';
import type { DeliveryDoc } from '../store/delivery-model';
import { withCliDatabase } from '../store/cli-database';
import { WEBHOOK_EVENTS, type SiteWebhook, type WebhookEventType } from '../store/site-model';
import type { Store } from '../store/store';
import { checkWebhookUrl, redactedUrl, WebhookTargetRefused } from '../service/webhooks/target-policy';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

const USAGE = [
  'usage: moderate sites set-webhook SITE URL [--secret S] [--events decided,moderated,edited]',
  '       moderate sites set-coral-secret SITE --secret S [--keep-previous]',
  '       moderate sites remove-coral-secret SITE',
  '       moderate sites remove-webhook SITE',
  '       moderate sites list',
  '       moderate sites deliveries SITE [--limit N]',
].join('\n');

export async function setSiteWebhook(store: Pick<Store, 'sites'>, site: string, webhook: SiteWebhook): Promise<void> {
  await store.sites.setWebhook(site, webhook);
}

function parseEvents(raw: string | undefined): WebhookEventType[] {
  // comment.decided is sent only to sites that ask for it: they already get the decision in the API answer.
  if (raw === undefined) return ['comment.moderated'];
  const events = raw.split(',').map((e) => e.trim()).filter(Boolean).map((e) => (e.includes('.') ? e : `comment.${e}`));
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length || events.length === 0) throw new UsageError(`--events takes decided, moderated, edited, appeal.decided and/or reports.closed, got "${raw}"`);
  return [...new Set(events)] as WebhookEventType[];
}

/** The URL, refused as the worker would refuse it (target-policy.ts); names are checked again when resolved at delivery. */
function parseUrl(raw: string | undefined, env: NodeJS.ProcessEnv): string {
  if (!raw) throw new UsageError(`a webhook URL (http or https) is required\n${USAGE}`);
  try {
    return checkWebhookUrl(raw, env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true').toString();
  } catch (err) {
    if (err instanceof WebhookTargetRefused) throw new UsageError(err.message);
    throw err;
  }
}

const line = (d: DeliveryDoc) => {
  const last = d.log.at(-1);
  const outcome = last ? (last.error ?? `HTTP ${last.status}`) : 'not tried yet';
  const next = d.state === 'pending' ? `  next ${d.nextAttemptAt.toISOString()}` : '';
  return `${d.createdAt.toISOString()}  ${d.type}  ${d.commentId}  ${d.state}  attempts ${d.attempts}  last: ${outcome}${next}\n`;
};

export async function runSites(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const log = (msg: string) => io.stderr.write(`${msg}\n`);
  switch (command) {
    case 'set-webhook': {
      const [site, rawUrl, ...more] = rest;
      if (!site) throw new UsageError(USAGE);
      const url = parseUrl(rawUrl, io.env);
      const flags = parseFlags(more, ['--secret', '--events']);
      const events = parseEvents(flags['--events']);
      const secret = flags['--secret'] ?? `whsec_${randomBytes(24).toString('base64url')}`;
      if (secret.length < 16) throw new UsageError('--secret must be at least 16 characters');
      await withCliDatabase(io.env, log, (store) => setSiteWebhook(store, site, { url, secret, events }));
      io.stderr.write(`webhook for "${site}": ${url} (${events.join(', ')}); signing secret:\n`);
      io.stdout.write(`${secret}\n`);
      return 0;
    }
    case 'set-coral-secret': {
      // The secret is Coral's: copied from the phase's settings in Coral's admin. --keep-previous keeps the one set
      // before it too, so both verify while Coral rolls its secret and signs with both.
      const [site, ...more] = rest;
      if (!site) throw new UsageError(USAGE);
      const flags = parseFlags(more.filter((f) => f !== '--keep-previous'), ['--secret']);
      const secret = flags['--secret'];
      if (!secret || secret.length < 16) throw new UsageError('--secret (Coral\'s signing secret, 16 characters or more) is required');
      const keep = more.includes('--keep-previous');
      const kept = await withCliDatabase(io.env, log, async (store) => {
        const previous = keep ? ((await store.sites.byId(site))?.coralSecrets ?? []).filter((s) => s !== secret).slice(-1) : [];
        await store.sites.setCoralSecrets(site, [...previous, secret]);
        return previous.length;
      });
      io.stdout.write(`Coral signing secret of "${site}" set${kept ? ' (the previous one still verifies)' : ''}; Coral calls POST /v1/integrations/coral/${site}\n`);
      return 0;
    }
    case 'remove-coral-secret': {
      const [site] = rest;
      if (!site || rest.length !== 1) throw new UsageError(USAGE);
      await withCliDatabase(io.env, log, (store) => store.sites.setCoralSecrets(site, []));
      io.stdout.write(`Coral signing secrets of "${site}" removed\n`);
      return 0;
    }
    case 'remove-webhook': {
      const [site] = rest;
      if (!site || rest.length !== 1) throw new UsageError(USAGE);
      await withCliDatabase(io.env, log, (store) => store.sites.setWebhook(site, null));
      io.stdout.write(`webhook of "${site}" removed\n`);
      return 0;
    }
    case 'list': {
      const docs = await withCliDatabase(io.env, log, (store) => store.sites.list());
      // Never a password: a URL stored before credentials were refused shows them as ***.
      for (const d of docs) io.stdout.write(`${d._id}  ${d.webhook ? `${redactedUrl(d.webhook.url)}  ${d.webhook.events.join(',')}` : 'no webhook'}\n`);
      return 0;
    }
    case 'deliveries': {
      const [site, ...more] = rest;
      if (!site) throw new UsageError(USAGE);
      const limit = Number(parseFlags(more, ['--limit'])['--limit'] ?? 50);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      const docs = await withCliDatabase(io.env, log, (store) => store.deliveries.log(site, undefined, limit));
      for (const d of docs) io.stdout.write(line(d));
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}
