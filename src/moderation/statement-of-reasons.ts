// The statement of reasons (DSA Art. 17) an author is owed for every hold or
// reject: which rule or moderator code, the facts (the evidence spans), whether
// detection and decision were automated, the ground (the site's terms or an
// illegal-content ground) and how to appeal. Built from what is stored (the
// automatic decision, the latest moderator event, the reports), never stored
// twice, so it always matches the comment. Pure: the caller passes the time.
import { capReasons } from './evidence-caps';
import type { AppealRules, ModeratorCode, ReportReason } from './notice-rules';
import type { Action, Reason } from './types';

export type DecisionSource = 'automated' | 'notice' | 'moderator';

export interface StatementFact {
  rule: string;
  message: string;
  spans: Array<{ field: string; start: number; end: number }>;
}

export interface StatementOfReasons {
  /** `<commentId>:v<version>`: one statement per decision that moved the comment. */
  id: string;
  commentId: string;
  site: string;
  /** hold: not shown while it waits for a person; reject: removed. */
  decision: Extract<Action, 'hold' | 'reject'>;
  /** A rule id (`profanity.slur`), or a moderator's code (`threat`), or `reports.threshold`. */
  code: string;
  note: string | null;
  /** What the decision rests on: the rules that fired with their spans, and the reports that counted. */
  facts: { reasons: StatementFact[]; reports: { count: number; reasons: ReportReason[] } | null };
  /** automated: the rules alone; notice: readers' reports moved it; moderator: a person decided. */
  source: DecisionSource;
  automatedDetection: boolean;
  automatedDecision: boolean;
  ground: { kind: 'terms' | 'illegal_content'; explanation: string };
  appeal: { available: boolean; until: string | null; how: string };
  decidedAt: string;
}

/** The moderator event behind the current status, as the statement needs it. */
export interface DecidingEvent {
  actor: string;
  /** The report threshold (REPORTS_ACTOR) or a person. */
  automated: boolean;
  to: Action;
  code: string | null;
  note: string | null;
  at: Date;
  version: number;
}

export interface StatementInput {
  comment: { id: string; site: string; status: Action; version: number; createdAt: Date; decision: { action: Action; reasons: Reason[]; decidedAt: Date } };
  event: DecidingEvent | null;
  reports: ReportReason[];
  appeals: AppealRules | undefined;
}

/** Actor of the holds that counted reports make. */
export const REPORTS_ACTOR = 'system:reports';

const ILLEGAL_CODES = new Set(['illegal', 'threat']);

function factsOf(reasons: Reason[], action: Action): StatementFact[] {
  return capReasons(reasons.filter((r) => r.action === action || (action === 'hold' && r.action === 'reject')))
    .map((r) => ({ rule: r.rule, message: r.message, spans: (r.evidence.spans ?? []).map((s) => ({ field: s.field, start: s.start, end: s.end })) }));
}

/** The statement for the comment's current status; null when it is published (nothing to explain). */
export function statementOfReasons(input: StatementInput): StatementOfReasons | null {
  const { comment, event, reports, appeals } = input;
  if (comment.status !== 'hold' && comment.status !== 'reject') return null;
  const decision = comment.status;
  const byEvent = event !== null && event.to === comment.status && event.version === comment.version;
  const source: DecisionSource = !byEvent ? 'automated' : event.automated ? 'notice' : 'moderator';
  const autoReasons = factsOf(comment.decision.reasons, decision);
  const code = byEvent ? (event.automated ? 'reports.threshold' : event.code ?? 'other') : autoReasons[0]?.rule ?? `decision.${decision}`;
  const illegal = ILLEGAL_CODES.has(code) || code.startsWith('threat.') || (source === 'notice' && reports.some((r) => ILLEGAL_CODES.has(r)));
  const decidedAt = byEvent ? event.at : comment.decision.decidedAt;
  const until = appeals?.enabled ? new Date(new Date(decidedAt).getTime() + appeals.windowDays * 86_400_000).toISOString() : null;
  return {
    id: `${comment.id}:v${comment.version}`,
    commentId: comment.id,
    site: comment.site,
    decision,
    code,
    note: byEvent ? event.note : null,
    facts: {
      // A person who decided may rest on the rules' findings too; they stay part of the facts.
      reasons: autoReasons,
      reports: reports.length > 0 ? { count: reports.length, reasons: reports } : null,
    },
    source,
    // Detection is automated when the rules flagged it; readers' reports are notices, not automation.
    automatedDetection: autoReasons.length > 0 && source !== 'notice',
    automatedDecision: source !== 'moderator',
    ground: illegal
      ? { kind: 'illegal_content', explanation: 'The comment appears to be illegal content (a threat or content reported as illegal under the law the report names).' }
      : { kind: 'terms', explanation: "The comment breaks the site's community rules." },
    appeal: appeals?.enabled
      ? { available: true, until, how: 'Ask the site to appeal this decision before the date given; a person other than the one who decided reviews it.' }
      : { available: false, until: null, how: 'Contact the site; you may also use an out-of-court dispute settlement body or the courts.' },
    decidedAt: new Date(decidedAt).toISOString(),
  };
}

export type { ModeratorCode };
