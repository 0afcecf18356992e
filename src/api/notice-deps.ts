// The parts reports and appeals share with moderator actions: the webhook
// outbox (whose deliveries carry statements of reasons) and the action that
// closes a comment's reports when a person decides it (and tells the site, so
// it can tell the readers who reported).
import type { RuleBook } from '../ruleset/loader';
import type { ModerationDeps } from '../service/moderate-comment';
import { closeReportsOnDecision } from '../service/notices/report-comment';
import { statementFor } from '../service/notices/statements';
import { WebhookOutbox } from '../service/webhooks/outbox';
import type { Store } from '../store/store';

export function noticeDeps(store: Store, rules: () => RuleBook, now: () => number, siteCacheMs?: number): { outbox: WebhookOutbox; moderation: ModerationDeps } {
  const outbox = new WebhookOutbox(store, { siteCacheMs, statements: (comment, event) => statementFor(store, rules, comment, event) });
  return {
    outbox,
    moderation: {
      store, rules, now, inFlight: new Map(),
      onModerated: async (event, comment) => { await outbox.commentModerated(event, comment); },
      onDecided: async (event, comment) => {
        const closed = await closeReportsOnDecision({ store }, event, comment);
        await outbox.reportsClosed(event, comment, closed);
      },
    },
  };
}
