// One stored comment replayed: what the stored decision said, what the
// candidate rules say now, and what a moderator decided, if one acted.
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
}

/**
 * A moderator decided when the status differs from the automatic decision or
 * the version moved past 1 (a human confirmed or changed it, possibly back to
 * the original action). Their decision is the status they left.
 */
export function moderatorDecision(doc: ModerationState): Action | null {
  return doc.status !== doc.decision.action || doc.version > 1 ? doc.status : null;
}
