// The replay report as a person reads it on a terminal.
import { ACTION_RANK, type Action } from '../../moderation/types';
import type { AgreementScores } from './agreement';
import type { ReasonView, ReplayReport, SampleView } from './report';
import { formatCount, formatPercent, formatRatio, renderTable } from './table';

const ACTIONS = (Object.keys(ACTION_RANK) as Action[]).sort((a, b) => ACTION_RANK[a] - ACTION_RANK[b]);

function transitionMatrix(report: ReplayReport): string {
  const count = (from: Action, to: Action): number => {
    if (from !== to) return report.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
    const moved = report.transitions.filter((t) => t.from === from).reduce((sum, t) => sum + t.count, 0);
    return report.actions.current[from] - moved;
  };
  const rows = ACTIONS.map((from) => [from, ...ACTIONS.map((to) => formatCount(count(from, to))), formatCount(report.actions.current[from])]);
  rows.push(['total', ...ACTIONS.map((to) => formatCount(report.actions.candidate[to])), formatCount(report.total)]);
  return renderTable(['stored \\ candidate', ...ACTIONS, 'total'], rows, '  ');
}

const reasonLine = (r: ReasonView): string => `${r.rule} (${r.action}): ${r.message}`;

function sideLines(label: string, side: SampleView['before']): string[] {
  if (side.reasons.length === 0) return [`      ${label} ${side.action}, no reasons`];
  return [`      ${label} ${side.action}`, ...side.reasons.map((r) => `        - ${reasonLine(r)}`)];
}

function sampleLines(s: SampleView): string[] {
  const text = s.text.replace(/\s+/g, ' ');
  const moderator = s.moderator ? `, moderator: ${s.moderator}` : '';
  return [`    ${s.id}  ${s.site}  ${s.createdAt}${moderator}`, `      "${text}"`, ...sideLines('before:', s.before), ...sideLines('after: ', s.after)];
}

function agreementRow(label: string, s: AgreementScores): string[] {
  return [label, formatRatio(s.precision), formatRatio(s.recall), formatRatio(s.f1), ...[s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives].map(formatCount)];
}

export function formatReport(report: ReplayReport): string {
  const out: string[] = [];
  const speed = report.commentsPerSecond === null ? '' : `, ${formatCount(report.commentsPerSecond)}/s`;
  out.push(`Replayed ${formatCount(report.total)} stored comments in ${(report.elapsedMs / 1000).toFixed(1)} s${speed}.`);
  out.push(`Candidate rules: ${Object.entries(report.candidateRules).map(([site, v]) => `${site} ${v}`).join(', ')}`);
  out.push(`Decisions that would change: ${formatCount(report.changed)} (${formatPercent(report.changedRate)})`, '');
  out.push('Stored decision (rows) against the candidate decision (columns):', transitionMatrix(report));

  if (report.transitions.length > 0) {
    out.push('Changes, with a sample of each:');
    for (const t of report.transitions) {
      out.push(`  ${t.from} -> ${t.to}: ${formatCount(t.count)}`);
      for (const s of t.samples) out.push(...sampleLines(s));
    }
    out.push('');
  }

  const m = report.moderated;
  out.push(`Against moderators: ${formatCount(m.count)} replayed comments had a moderator decision (positive = not approved).`);
  if (m.count > 0) {
    out.push(renderTable(['rules', 'precision', 'recall', 'f1', 'tp', 'fp', 'fn', 'tn'], [agreementRow('stored', m.current), agreementRow('candidate', m.candidate)], '  '));
  } else {
    out.push('');
  }

  for (const r of report.failIf ?? []) {
    const value = r.value === null ? 'undefined' : formatRatio(r.value, 4).replace(/\.?0+$/, '');
    out.push(`fail-if ${r.condition}: value ${value}: ${r.failed ? 'FAILED' : 'passed'}${r.note ? ` (${r.note})` : ''}`);
  }
  if (report.failIf?.length) out.push('');
  out.push(`Note: ${report.history}`);
  return out.join('\n') + '\n';
}
