// Notice and action (EU Digital Services Act, Art. 16, 17 and 20) as plain
// data: the reasons a reader may report a comment for, the fixed codes a
// moderator decides with, and the rule-file settings that say when reports
// move a comment and how long an author may appeal. Pure: no clock, no I/O.

/** Why a reader reports a comment. `illegal` needs a legal ground (Art. 16(2)). */
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'threat', 'sexual', 'misinformation', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * A moderator's reason for a decision, from a fixed list so statements of
 * reasons can be counted and exported; free text goes in the note. `other`
 * is what a free-text reason from before the codes becomes.
 */
export const MODERATOR_CODES = [
  'spam', 'abuse', 'hate', 'threat', 'sexual', 'misinformation', 'illegal', 'personal_data', 'off_topic', 'impersonation', 'other',
] as const;
export type ModeratorCode = (typeof MODERATOR_CODES)[number];

export interface ReportRules {
  /** Counted open reports that move a published comment to hold. */
  holdAfter: number;
  /** Fewer reports for these reasons, e.g. one `illegal` or `threat` report. */
  holdAfterByReason: Partial<Record<ReportReason, number>>;
}

export interface AppealRules {
  /** Sites that must offer appeals turn this on (DSA Art. 19 exempts micro and small enterprises). */
  enabled: boolean;
  /** How long after the decision an author may appeal (DSA Art. 20(1): at least six months). */
  windowDays: number;
}

export const DEFAULT_REPORT_RULES: ReportRules = { holdAfter: 3, holdAfterByReason: { illegal: 1, threat: 1 } };
export const DEFAULT_APPEAL_RULES: AppealRules = { enabled: false, windowDays: 183 };

/** Whether these counted open reports reach a threshold: in total, or for one reason. */
export function reportsReachThreshold(rules: ReportRules, reasons: readonly ReportReason[]): boolean {
  if (reasons.length >= rules.holdAfter) return true;
  for (const [reason, n] of Object.entries(rules.holdAfterByReason)) {
    if (n !== undefined && reasons.filter((r) => r === reason).length >= n) return true;
  }
  return false;
}

/** A moderator's code: the new field when given; else the old free-text reason, if it names a code; else `other`. */
export function moderatorCodeOf(code: string | null | undefined, reason: string | null | undefined): ModeratorCode | null {
  if (code && (MODERATOR_CODES as readonly string[]).includes(code)) return code as ModeratorCode;
  if (!reason) return null;
  const lower = reason.trim().toLowerCase();
  return (MODERATOR_CODES as readonly string[]).includes(lower) ? (lower as ModeratorCode) : 'other';
}
