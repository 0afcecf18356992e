// One stored comment replayed: what the stored decision said, what the
// candidate rules say now, and what a moderator decided, if one acted.
import { REPORTS_ACTOR } from '../../moderation/statement-of-reasons';
import type { Action, Reason } from '../../moderation/types';

export interface DecisionSide {
  action: Action;
  reasons: Reason[];
}

export interface ReplayOutcome {
  id: string;
  site: string;
  createdAt: Date;
  text: string;
  /** The decision stored when the comment arrived (the rules live then). */
  before: DecisionSide;
  /** The candidate rules' decision. */
  after: DecisionSide;
  /** The final status after a human action, or null when no moderator acted. */
  moderator: Action | null;
}

/** The fields of a stored comment that say whether a moderator acted. */
export interface ModerationState {
  decision: { action: Action };
  status: Action;
  version: number;
  /**
   * Who acted last: null once an edit replaced the decision a person made
   * (the new text has not been judged by one); absent on comments stored
   * before it was kept.
   */
  lastAction?: { actor: string } | null;
}

/**
 * A moderator's decision is the status they left. Where the comment says who
 * acted last, that is the test: a person, not the hold readers' reports made,
 * and not undone by a later edit. On older comments (no lastAction), a person
 * acted when the status differs from the automatic decision or the version
 * moved past 1 (confirmed or changed, possibly back to the original action).
 */
export function moderatorDecision(doc: ModerationState): Action | null {
  if (doc.lastAction === null) return null;
  if (doc.lastAction !== undefined) return doc.lastAction.actor === REPORTS_ACTOR ? null : doc.status;
  return doc.status !== doc.decision.action || doc.version > 1 ? doc.status : null;
}
