// The replay report: plain data, the same for the terminal table and --json.
import type { Action, Reason } from '../../moderation/types';
import type { AgreementScores } from './agreement';
import type { FailIfResult, Metrics } from './fail-if';
import type { ReplayOutcome } from './outcome';
import type { ActionTally, Transition } from './transitions';

export const HISTORY_NOTE =
  'History checks (duplicate, campaign, flood) used an in-memory history rebuilt from the replayed comments in time order, ' +
  'not the history stored when each comment arrived; comments before the replayed range are not in it.';

export interface ReasonView {
  rule: string;
  action: Action;
  message: string;
}

export interface SampleView {
  id: string;
  site: string;
  createdAt: string;
  text: string;
  moderator: Action | null;
  before: { action: Action; reasons: ReasonView[] };
  after: { action: Action; reasons: ReasonView[] };
}

export interface TransitionView {
  from: Action;
  to: Action;
  count: number;
  samples: SampleView[];
}

export interface ReplayReport {
  total: number;
  changed: number;
  changedRate: number | null;
  actions: { current: ActionTally; candidate: ActionTally };
  transitions: TransitionView[];
  moderated: { count: number; current: AgreementScores; candidate: AgreementScores };
  candidateRules: Record<string, string>;
  history: string;
  elapsedMs: number;
  commentsPerSecond: number | null;
  failIf?: FailIfResult[];
}

const SAMPLE_TEXT_CHARS = 200;

const reasonView = (r: Reason): ReasonView => ({ rule: r.rule, action: r.action, message: r.message });

export function sampleView(o: ReplayOutcome): SampleView {
  const text = o.text.length > SAMPLE_TEXT_CHARS ? `${o.text.slice(0, SAMPLE_TEXT_CHARS)}…` : o.text;
  return {
    id: o.id,
    site: o.site,
    createdAt: o.createdAt.toISOString(),
    text,
    moderator: o.moderator,
    before: { action: o.before.action, reasons: o.before.reasons.map(reasonView) },
    after: { action: o.after.action, reasons: o.after.reasons.map(reasonView) },
  };
}

export const transitionView = (t: Transition): TransitionView => ({ from: t.from, to: t.to, count: t.count, samples: t.samples.map(sampleView) });

const rate = (n: number, total: number): number | null => (total > 0 ? n / total : null);
const delta = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

/** The numbers `--fail-if` conditions can name, all about the candidate. */
export function metricsOf(report: ReplayReport): Metrics {
  const { candidate, current } = report.moderated;
  return {
    precision: candidate.precision,
    recall: candidate.recall,
    f1: candidate.f1,
    precision_delta: delta(candidate.precision, current.precision),
    recall_delta: delta(candidate.recall, current.recall),
    changed: report.changed,
    changed_rate: report.changedRate,
    approved_rate: rate(report.actions.candidate.approve, report.total),
    held_rate: rate(report.actions.candidate.hold, report.total),
    rejected_rate: rate(report.actions.candidate.reject, report.total),
    moderated: report.moderated.count,
    total: report.total,
  };
}
