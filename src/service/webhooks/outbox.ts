// Puts webhook deliveries in the `deliveries` collection for the worker to
// send. Only sites whose webhook subscribes to the event type get one. Site
// settings are cached per site for a few seconds, so enqueueing costs one
// insert and, at most once per site and cache period, one _id lookup.
import type { CommentDoc } from '../../store/comment-model';
import type { DeliveryDoc } from '../../store/delivery-model';
import type { ModerationEventDoc } from '../../store/event-model';
import type { SiteWebhook, WebhookEventType } from '../../store/site-model';
import type { Store } from '../../store/store';
import type { StatementOfReasons } from '../../moderation/statement-of-reasons';
import type { AppealDoc, ReportDoc } from '../../store/notice-models';
import { appealDecidedEnvelope, decidedEnvelope, editedEnvelope, moderatedEnvelope, reportsClosedEnvelope, type WebhookEnvelope } from './payloads';

export interface OutboxOptions {
  now?: () => number;
  /** How long a site's webhook settings are reused before being read again. */
  siteCacheMs?: number;
  /** The statement of reasons a hold or reject carries (src/service/notices/statements.ts); unset: none. */
  statements?: (comment: CommentDoc, event: ModerationEventDoc | null) => Promise<StatementOfReasons | null>;
}

export class WebhookOutbox {
  private readonly cache = new Map<string, { webhook: SiteWebhook | null; until: number }>();
  private readonly now: () => number;
  private readonly siteCacheMs: number;
  private readonly statements: NonNullable<OutboxOptions['statements']>;

  constructor(private readonly store: Pick<Store, 'deliveries' | 'sites'>, options: OutboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.siteCacheMs = options.siteCacheMs ?? 10_000;
    this.statements = options.statements ?? (async () => null);
  }

  private async webhookFor(site: string, type: WebhookEventType, ...alsoFor: WebhookEventType[]): Promise<SiteWebhook | null> {
    const now = this.now();
    let entry = this.cache.get(site);
    if (!entry || entry.until <= now) {
      const doc = await this.store.sites.byId(site);
      entry = { webhook: doc?.webhook ?? null, until: now + this.siteCacheMs };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(site, entry);
    }
    return [type, ...alsoFor].some((t) => entry.webhook?.events.includes(t)) ? entry.webhook : null;
  }

  /** Stores the delivery unless it exists already (same event enqueued twice). */
  private async enqueue(envelope: WebhookEnvelope, commentId: string): Promise<boolean> {
    const now = new Date(this.now());
    const doc: DeliveryDoc = {
      _id: envelope.id,
      site: envelope.site,
      type: envelope.type,
      commentId,
      payload: envelope as unknown as Record<string, unknown>,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      deliveredAt: null,
      log: [],
    };
    return this.store.deliveries.enqueue(doc);
  }

  async commentDecided(comment: CommentDoc): Promise<boolean> {
    if (!(await this.webhookFor(comment.site, 'comment.decided'))) return false;
    return this.enqueue(decidedEnvelope(comment, new Date(this.now()), await this.statements(comment, null)), comment._id);
  }

  async commentModerated(event: ModerationEventDoc, comment: CommentDoc): Promise<boolean> {
    // An edit that repair (or a rival action) finished is reported as the edit it is.
    if (event.edit) return this.commentEdited(event, comment);
    if (!(await this.webhookFor(event.site, 'comment.moderated'))) return false;
    return this.enqueue(moderatedEnvelope(event, comment, new Date(this.now()), await this.statements(comment, event)), comment._id);
  }

  /** An appeal's outcome, to sites that hear of moderated comments or ask for appeal.decided. */
  async appealDecided(appeal: AppealDoc, comment: CommentDoc): Promise<boolean> {
    const moderated = await this.webhookFor(appeal.site, 'comment.moderated');
    if (!moderated && !(await this.webhookFor(appeal.site, 'appeal.decided'))) return false;
    return this.enqueue(appealDecidedEnvelope(appeal, comment, new Date(this.now())), comment._id);
  }

  /** Reports a person's decision closed, to sites that ask for reports.closed (they tell the readers who reported). */
  async reportsClosed(event: ModerationEventDoc, comment: CommentDoc, reports: readonly ReportDoc[]): Promise<boolean> {
    if (reports.length === 0 || !(await this.webhookFor(event.site, 'reports.closed'))) return false;
    return this.enqueue(reportsClosedEnvelope(event, comment, reports, new Date(this.now()), await this.statements(comment, event)), comment._id);
  }

  /** An edit may change the status, so sites that follow moderation get it too. */
  async commentEdited(event: ModerationEventDoc, comment: CommentDoc): Promise<boolean> {
    if (!(await this.webhookFor(event.site, 'comment.edited', 'comment.moderated'))) return false;
    return this.enqueue(editedEnvelope(event, comment, new Date(this.now())), comment._id);
  }

  /** For SubmitDeps.onEdited: enqueues `comment.edited`; a failure is logged, the edit stands. */
  editedHook(log: (obj: object, msg: string) => void): (event: ModerationEventDoc, doc: CommentDoc) => void {
    return (event, doc) => {
      this.commentEdited(event, doc).catch((err: Error) => log({ err: { name: err.name, message: err.message }, commentId: doc._id }, 'comment.edited webhook not enqueued'));
    };
  }

  /**
   * For SubmitDeps.onStored: enqueues `comment.decided` without delaying the
   * answer to the site. A crash right after the comment is stored can lose this
   * one notification; the site got the same decision in its API answer.
   */
  decidedHook(log: (obj: object, msg: string) => void): (doc: CommentDoc) => void {
    return (doc) => {
      this.commentDecided(doc).catch((err: Error) => log({ err: { name: err.name, message: err.message }, commentId: doc._id }, 'comment.decided webhook not enqueued'));
    };
  }
}
