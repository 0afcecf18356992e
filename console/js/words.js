// Plain words for what the API says in identifiers: statuses, actions,
// checks, evidence numbers and times.
import { h } from './dom.js';

export const STATUS_WORD = { hold: 'held', reject: 'rejected', approve: 'approved' };
export const TAB_STATUS = { held: 'hold', rejected: 'reject', approved: 'approve' };
export const ACTION_VERB = { approve: 'Approve', reject: 'Reject', hold: 'Hold' };
const ACTION_AS_REASON = { approve: 'would approve (recorded only)', hold: 'holds for review', reject: 'rejects' };

export const CHECK_NAME = {
  validity: 'Length and emptiness',
  profanity: 'Profanity',
  links: 'Links',
  patterns: 'Contact details and spam phrases',
  shape: 'Writing style',
  history: 'Repeats and floods',
  classifier: 'Classifier',
};

const number = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function duration(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** The numbers behind a reason, each as a short sentence; scores also as a <meter>. */
function evidenceFacts(evidence = {}) {
  const facts = [];
  if (typeof evidence.score === 'number') {
    const over = typeof evidence.threshold === 'number';
    const text = over
      ? `score ${number(evidence.score)} against threshold ${number(evidence.threshold)}${evidence.score >= evidence.threshold ? ' (over)' : ' (under)'}`
      : `score ${number(evidence.score)}`;
    const inUnitRange = evidence.score >= 0 && evidence.score <= 1;
    facts.push(h('span', { class: 'fact' },
      inUnitRange ? h('meter', { min: 0, max: 1, value: evidence.score, ...(over && { high: evidence.threshold, optimum: 0 }), 'aria-hidden': 'true' }) : null,
      text));
  }
  if (typeof evidence.count === 'number') {
    facts.push(h('span', { class: 'fact' }, `${evidence.count} found${typeof evidence.limit === 'number' ? `, limit ${evidence.limit}` : ''}`));
  }
  if (typeof evidence.windowSeconds === 'number') facts.push(h('span', { class: 'fact' }, `within ${duration(evidence.windowSeconds)}`));
  if (Array.isArray(evidence.topFeatures) && evidence.topFeatures.length) {
    facts.push(h('span', { class: 'fact' }, `strongest signals: ${evidence.topFeatures.slice(0, 5).map((f) => f.feature).join(', ')}`));
  }
  return facts;
}

/** One reason as a list item: which check, what it said, what it would do, and its numbers. */
export function reasonItem(reason) {
  return h('li', { class: `reason reason-${reason.action}` },
    h('span', { class: 'reason-check' }, CHECK_NAME[reason.check] ?? reason.check),
    ' ',
    h('span', { class: 'reason-message' }, reason.message),
    ' ',
    h('span', { class: 'reason-action' }, `— ${ACTION_AS_REASON[reason.action] ?? reason.action}`),
    ' ',
    h('code', { class: 'reason-rule' }, reason.rule),
    evidenceFacts(reason.evidence),
  );
}

export function reasonList(reasons) {
  if (!reasons?.length) return h('p', { class: 'reasons-none' }, 'No check fired: approved automatically.');
  return h('ul', { class: 'reasons', 'aria-label': 'Why' }, reasons.map(reasonItem));
}

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "3 h ago" style, for how long a comment has waited. */
export function ago(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  return seconds < 60 ? 'just now' : `${duration(seconds)} ago`;
}

export function timeElement(iso) {
  const when = new Date(iso);
  return h('time', { datetime: when.toISOString(), title: absolute.format(when) }, `${absolute.format(when)} (${ago(iso)})`);
}
