// Prometheus metrics (GET /metrics). One registry per app, so tests and
// several apps in one process never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { heldIn, type ModerationCounts } from '../../service/moderation-counts';
import type { CommentDoc } from '../../store/comment-model';

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly decisions = new Counter({ name: 'moderation_decisions_total', help: 'Automatic decisions by action and source', labelNames: ['action', 'source'], registers: [this.registry] });
  readonly reasons = new Counter({ name: 'moderation_reasons_total', help: 'Reasons given, by check, rule and action', labelNames: ['check', 'rule', 'action'], registers: [this.registry] });
  readonly databaseErrors = new Counter({ name: 'database_errors_total', help: 'Requests answered 503 because the database failed', registers: [this.registry] });
  readonly rateLimited = new Counter({ name: 'rate_limited_total', help: 'Requests answered 429', labelNames: ['kind'], registers: [this.registry] });
  readonly webhookDeliveries = new Counter({ name: 'webhook_delivery_attempts_total', help: 'Webhook delivery attempts by result', labelNames: ['result'], registers: [this.registry] });
  readonly rulesVersion = new Gauge({ name: 'rules_version_info', help: 'The rule set version in service (value 1)', labelNames: ['version'], registers: [this.registry] });
  readonly queueLength: Gauge;
  private counts: { source: ModerationCounts; maxAgeMs: number } | null = null;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const metrics = this;
    this.queueLength = new Gauge({
      name: 'moderation_queue_length',
      help: 'Held comments waiting for a moderator (counted at most every few seconds, in the background)',
      registers: [this.registry],
      async collect() {
        const counts = metrics.counts;
        if (!counts) return;
        // Never a query per scrape: the last counts, refreshed in the background when old. Only the
        // first scrape waits for the first counts. A scrape never fails because the database is away.
        const known = counts.source.peek(counts.maxAgeMs) ?? (await counts.source.get(counts.maxAgeMs).catch(() => null));
        this.set(known ? heldIn(known) : NaN);
      },
    });
  }

  /** Where the held count comes from, and how old it may be when scraped. */
  countHeldWith(source: ModerationCounts, maxAgeMs: number): void {
    this.counts = { source, maxAgeMs };
  }

  recordDecision(doc: CommentDoc): void {
    this.decisions.inc({ action: doc.decision.action, source: doc.source });
    for (const r of doc.decision.reasons) this.reasons.inc({ check: r.check, rule: r.rule, action: r.action });
  }

  setRulesVersion(version: string): void {
    this.rulesVersion.reset();
    this.rulesVersion.set({ version }, 1);
  }
}
