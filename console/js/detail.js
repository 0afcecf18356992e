// The comment detail: everything about one comment and its full history,
// the automatic decision first, then every moderator action.
import { h, replaceChildren } from './dom.js';
import { actionButtons, articleElement, authorElement, commentTextElement } from './cards.js';
import { STATUS_WORD, reasonList, timeElement } from './words.js';

function historyEntry(entry) {
  const who = entry.kind === 'system' ? 'Automatic decision' : entry.kind === 'edit' ? h('span', {}, 'Edited by ', h('bdi', {}, entry.actor)) : h('span', {}, h('bdi', {}, entry.actor), entry.role ? ` (${entry.role})` : '');
  const change = entry.from === null
    ? STATUS_WORD[entry.to]
    : entry.from === entry.to ? `${STATUS_WORD[entry.to]} again` : `${STATUS_WORD[entry.from]} → ${STATUS_WORD[entry.to]}`;
  return h('li', { class: `history-entry history-${entry.kind}`, 'data-version': entry.version },
    h('div', { class: 'history-line' },
      h('strong', {}, who), ' ', h('span', { class: 'history-change' }, change), ' ', timeElement(entry.at),
      entry.state !== 'applied' ? h('span', { class: 'history-state' }, ` ${entry.state}`) : null),
    entry.note ? h('p', { class: 'history-note', dir: 'auto' }, 'Note: ', h('bdi', {}, entry.note)) : null,
    entry.reason ? h('p', { class: 'history-reason' }, 'Reason: ', h('bdi', {}, entry.reason)) : null,
    // After an edit every version's text is shown with the decision it got.
    entry.text !== undefined ? h('blockquote', { class: 'history-text', dir: 'auto' }, entry.text) : null,
    h('p', { class: 'history-meta' }, `version ${entry.version}, rules ${entry.rulesVersion}`),
  );
}

/** Every score the checks computed, folded away: the reasons above already name the ones that mattered. */
function scoresBox(scores) {
  const entries = Object.entries(scores ?? {});
  if (!entries.length) return null;
  return h('details', { class: 'scores-box' },
    h('summary', {}, `All scores (${entries.length})`),
    h('dl', { class: 'scores' }, entries.map(([name, value]) =>
      h('div', {}, h('dt', {}, name), h('dd', {}, Number.isInteger(value) ? String(value) : value.toFixed(3))))));
}

function fact(term, ...value) {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

/** Fills the detail dialog body from GET /v1/moderation/comments/:id. */
export function renderDetail(body, title, data, { mayAct, onAct, author = null }) {
  const { comment, decision, history } = data;
  const item = { ...comment, reasons: decision.reasons };
  replaceChildren(title, 'Comment by ', authorElement(item));
  replaceChildren(body,
    h('dl', { class: 'facts' },
      fact('Status', h('span', { class: 'status-badge', 'data-status': comment.status }, STATUS_WORD[comment.status]), ` (version ${comment.version})`),
      fact('Site', comment.site),
      fact('Posted', timeElement(comment.createdAt)),
      articleElement(comment) ? fact('Article', articleElement(comment)) : null,
      comment.email ? fact('Email', h('bdi', {}, comment.email)) : null,
      comment.ip ? fact('IP', comment.ip) : null,
      fact('Automatic decision', `${STATUS_WORD[decision.action]} by rules ${decision.rulesVersion}`),
    ),
    h('h3', {}, 'Text'),
    commentTextElement(item, 'full'),
    h('h3', {}, 'Why'),
    reasonList(decision.reasons),
    scoresBox(decision.scores),
    author,
    h('h3', {}, 'History'),
    h('ol', { class: 'history' }, history.map(historyEntry)),
    mayAct ? actionButtons((action) => onAct(action, comment)) : null,
  );
}
