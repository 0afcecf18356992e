// Sends webhook deliveries off the request path. Each tick scans a bounded
// number of due deliveries (pending, next attempt reached), claims each
// attempt with a lease (a unique-_id insert, see delivery-claim-model.ts),
// posts it signed, and records the outcome; a failure is retried later with
// exponential backoff. All state is in the database, so retries survive
// restarts and several instances can share the work.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { claimIdFor, type DeliveryClaimDoc } from '../../store/delivery-claim-model';
import { MAX_LOGGED_ATTEMPTS, type DeliveryAttempt, type DeliveryDoc } from '../../store/delivery-model';
import type { Store } from '../../store/store';
import { retryDelayMs, type BackoffPolicy } from './backoff';
import { postWebhook, type PostOptions, type Resolver } from './http-post';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { WebhookTargetRefused } from './target-policy';

export interface WebhookWorkerOptions {
  pollMs: number;
  /** Most deliveries scanned and sent per tick. */
  batchSize: number;
  /** How long a claim lasts; longer than timeoutMs so a live worker never loses its claim. */
  leaseMs: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
  /** After this many failed attempts the delivery is marked failed. */
  maxAttempts: number;
  owner: string;
  log: (obj: object, msg: string) => void;
  /** Told the outcome of every attempt (metrics). */
  onAttempt?: (result: 'delivered' | 'retry' | 'failed') => void;
  /** Deliver to loopback and private addresses too (WEBHOOK_ALLOW_PRIVATE_TARGETS); never link-local or metadata. */
  allowPrivateTargets: boolean;
  /** Name resolution and the request itself, for tests (see http-post.ts). */
  resolve?: Resolver;
  request?: PostOptions['request'];
}

export const DEFAULT_WORKER_OPTIONS: Omit<WebhookWorkerOptions, 'owner' | 'log'> = {
  pollMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  // 5 s, 10 s, 20 s ... capped at 1 h: 15 attempts span about half a day.
  backoff: { baseMs: 5000, maxMs: 3_600_000, jitter: 0.2 },
  maxAttempts: 15,
  allowPrivateTargets: false,
};

export class WebhookWorker {
  private readonly options: WebhookWorkerOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly store: Pick<Store, 'deliveries' | 'sites'>, options: Partial<WebhookWorkerOptions> = {}) {
    this.options = {
      ...DEFAULT_WORKER_OPTIONS,
      owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      log: () => {},
      ...options,
    };
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule(0);
    return this;
  }

  /** Stops polling and waits for the deliveries in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: Error) => { this.options.log({ err: { name: err.name, message: err.message } }, 'webhook worker tick failed'); return 0; })
        .then((sent) => { this.running = null; this.schedule(sent >= this.options.batchSize ? 0 : this.options.pollMs); });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass: claims and sends up to batchSize due deliveries. Returns how many it handled. */
  async runOnce(): Promise<number> {
    const now = new Date();
    const due = await this.store.deliveries.due(now, this.options.batchSize);
    let handled = 0;
    for (const candidate of due) {
      if (this.stopped) break;
      const claimed = await this.claim(candidate._id, candidate.attempts);
      if (!claimed) continue;
      try {
        await this.attempt(claimed.delivery);
      } finally {
        // The attempt is recorded (or failed to be); its claim, and any expired ones before it, are done with.
        await this.store.deliveries.release(claimed.claimIds);
      }
      handled += 1;
    }
    return handled;
  }

  /** Claims the next attempt of a delivery, or answers null when another worker holds it or has just made it. */
  private async claim(deliveryId: string, attempts: number): Promise<{ delivery: DeliveryDoc; claimIds: string[] } | null> {
    const claimIds: string[] = [];
    // Each expired claim (its worker died) moves on to the next takeover id; a handful is plenty.
    for (let takeover = 0; takeover < 20; takeover++) {
      const id = claimIdFor(deliveryId, attempts + 1, takeover);
      claimIds.push(id);
      const now = Date.now();
      const held = await this.store.deliveries.claimById(id);
      if (held) {
        if (held.leaseUntil.getTime() > now) return null;
        continue;
      }
      const claim: DeliveryClaimDoc = { _id: id, deliveryId, attempt: attempts + 1, owner: this.options.owner, leaseUntil: new Date(now + this.options.leaseMs), claimedAt: new Date(now) };
      if (!(await this.store.deliveries.claim(claim))) return null;
      // Read again: a worker that just recorded this attempt leaves it no longer due.
      const delivery = await this.store.deliveries.byId(deliveryId);
      if (!delivery || delivery.state !== 'pending' || delivery.attempts !== attempts || delivery.nextAttemptAt.getTime() > now) {
        await this.store.deliveries.release([id]);
        return null;
      }
      return { delivery, claimIds };
    }
    return null;
  }

  private async attempt(delivery: DeliveryDoc): Promise<void> {
    const site = await this.store.sites.byId(delivery.site);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    let refused = false;
    if (!site?.webhook) {
      error = 'the site has no webhook any more';
    } else {
      try {
        status = await this.post(site.webhook.url, site.webhook.secret, delivery);
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (err as Error).message;
        refused = err instanceof WebhookTargetRefused;
      }
    }
    // A refused target is not retried: the site's webhook needs a public address.
    await this.record(delivery, { at: new Date(started), status, error, durationMs: Date.now() - started }, !site?.webhook || refused);
  }

  private post(url: string, secret: string, delivery: DeliveryDoc): Promise<number> {
    const body = JSON.stringify(delivery.payload);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'comment-moderation-webhooks/1',
      'X-Moderation-Event': delivery.type,
      'X-Moderation-Delivery': delivery._id,
      [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
    };
    // Internal targets are refused before connecting, and at most a few KB of the answer are read (http-post.ts).
    return postWebhook(url, headers, body, { timeoutMs: this.options.timeoutMs, allowPrivate: this.options.allowPrivateTargets, resolve: this.options.resolve, request: this.options.request });
  }

  private async record(delivery: DeliveryDoc, attempt: DeliveryAttempt, giveUp: boolean): Promise<void> {
    const attempts = delivery.attempts + 1;
    const log = [...(delivery.log ?? []), attempt].slice(-MAX_LOGGED_ATTEMPTS);
    const now = Date.now();
    const outcome = attempt.error === null
      ? { state: 'delivered', deliveredAt: new Date(now) }
      : giveUp || attempts >= this.options.maxAttempts
        ? { state: 'failed' }
        : { nextAttemptAt: new Date(now + retryDelayMs(this.options.backoff, attempts)) };
    // Only the holder of this attempt's claim writes it, and it writes absolute values, never increments.
    await this.store.deliveries.recordAttempt(delivery._id, { ...outcome, attempts, log } as Partial<DeliveryDoc>);
    this.options.onAttempt?.('state' in outcome ? (outcome.state as 'delivered' | 'failed') : 'retry');
    if (attempt.error !== null) this.options.log({ deliveryId: delivery._id, attempts, error: attempt.error }, 'webhook delivery failed');
  }
}
