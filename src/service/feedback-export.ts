// Human decisions as labelled examples for `npm run train -- --with-feedback`.
// For each comment, the latest applied moderator action is its label:
// approve says the text is neither spam nor toxic (labels "ham" and "ok");
// reject says it is spam or toxic, which the moderator's reason names, or
// failing that the checks behind the automatic decision. A reject that names
// neither is skipped (no way to tell which), and so is hold (not a verdict).
import type { CommentDoc } from '../store/comment-model';
import type { ModerationEventDoc } from '../store/event-model';
import type { Store } from '../store/store';

export type FeedbackTask = 'spam' | 'toxic';

export interface FeedbackLine {
  text: string;
  label: 'spam' | 'ham' | 'toxic' | 'ok';
  task: FeedbackTask;
  site: string;
  commentId: string;
  action: ModerationEventDoc['action'];
  decision: CommentDoc['decision']['action'];
  rules: string[];
  reason: string | null;
  moderator: string;
  moderatedAt: string;
  rulesVersion: string;
  language?: string;
}

const SPAM_WORDS = /spam|scam|advert|promo|phish|bot\b/i;
const TOXIC_WORDS = /toxic|abus|insult|hate|harass|profan|threat|offensive|slur/i;
const SPAM_CHECKS = new Set(['links', 'patterns', 'history', 'shape']);

/** The tasks a rejection is about: from the moderator's reason, else from the rules that fired. */
export function tasksOf(reason: string | null, rules: string[]): FeedbackTask[] {
  const tasks = new Set<FeedbackTask>();
  if (reason) {
    if (SPAM_WORDS.test(reason)) tasks.add('spam');
    if (TOXIC_WORDS.test(reason)) tasks.add('toxic');
    if (tasks.size) return [...tasks];
  }
  for (const id of rules) {
    const [check, rule = ''] = id.split(':');
    if (check === 'profanity' || /classifier\.(toxic|hate)/.test(rule)) tasks.add('toxic');
    else if (SPAM_CHECKS.has(check!) || rule === 'classifier.spam') tasks.add('spam');
  }
  return [...tasks];
}

export function labelsFor(event: ModerationEventDoc, comment: CommentDoc): Array<Pick<FeedbackLine, 'label' | 'task'>> {
  if (event.to === 'approve') return [{ task: 'spam', label: 'ham' }, { task: 'toxic', label: 'ok' }];
  if (event.to !== 'reject') return [];
  return tasksOf(event.reason, comment.rules ?? []).map((task) => ({ task, label: task === 'spam' ? 'spam' : 'toxic' }));
}

export interface ExportReport {
  comments: number;
  lines: number;
  skipped: number;
}

export async function exportFeedback(
  store: Store,
  options: { since?: Date; until?: Date },
  write: (line: FeedbackLine) => void,
): Promise<ExportReport> {
  const events = await store.events.applied(options);
  // The latest action on a comment is the one that stands.
  const latest = new Map<string, ModerationEventDoc>();
  for (const e of events) {
    // An edit is the site's new text judged by the rules, not a moderator's label; it also makes earlier labels stale.
    if (e.edit) {
      const seen = latest.get(e.commentId);
      if (seen && seen.version < e.version) latest.delete(e.commentId);
      continue;
    }
    const seen = latest.get(e.commentId);
    if (!seen || seen.version < e.version) latest.set(e.commentId, e);
  }
  const report: ExportReport = { comments: latest.size, lines: 0, skipped: 0 };
  for (const event of latest.values()) {
    const comment = await store.comments.byId(event.commentId);
    const labels = comment ? labelsFor(event, comment) : [];
    if (!comment || labels.length === 0) {
      report.skipped += 1;
      continue;
    }
    for (const { label, task } of labels) {
      write({
        text: comment.text,
        label,
        task,
        site: comment.site,
        commentId: comment._id,
        action: event.action,
        decision: comment.decision.action,
        rules: comment.rules ?? [],
        reason: event.reason,
        moderator: event.actor,
        moderatedAt: event.at.toISOString(),
        rulesVersion: comment.decision.rulesVersion,
        ...(comment.language != null && { language: comment.language }),
      });
      report.lines += 1;
    }
  }
  return report;
}
