// The author panel of the comment detail: the policy a moderator set for the
// comment's author on its site (normal, pre-moderated, suspended until a time,
// banned), the notes, the author's record (comments by status, the latest
// ones) and who changed the policy when. Built on /v1/moderation/authors.
import { h, replaceChildren } from './dom.js';
import { STATUS_WORD, timeElement } from './words.js';

const MODE_WORD = { normal: 'Normal', premod: 'Pre-moderated', suspended: 'Suspended', banned: 'Banned' };

function modeText(policy) {
  if (policy.mode === 'suspended' && policy.until) return [`${MODE_WORD.suspended} until `, timeElement(policy.until)];
  return [MODE_WORD[policy.mode]];
}

/** A datetime-local value (the browser's local time) as ISO 8601, or undefined when empty. */
const isoFromLocal = (value) => (value ? new Date(value).toISOString() : undefined);

function policyForm(record, save) {
  const mode = h('select', { name: 'mode', 'aria-label': 'Author policy' },
    Object.entries(MODE_WORD).map(([value, word]) => h('option', { value, selected: value === record.policy.mode }, word)));
  const until = h('input', { type: 'datetime-local', name: 'until', 'aria-label': 'Suspended until' });
  const notes = h('textarea', { name: 'notes', rows: '2', maxlength: '5000', 'aria-label': 'Notes about the author' });
  notes.value = record.policy.notes;
  const status = h('p', { class: 'author-status', role: 'status' });
  const form = h('form', { class: 'author-form', onsubmit: async (event) => {
    event.preventDefault();
    replaceChildren(status, 'Saving…');
    try {
      await save({ mode: mode.value, notes: notes.value, ...(mode.value === 'suspended' && { until: isoFromLocal(until.value) }) });
    } catch (err) {
      replaceChildren(status, `Not saved: ${err.message}`);
    }
  } },
  h('label', {}, 'Policy ', mode), ' ', h('label', {}, 'until ', until),
  h('label', { class: 'author-notes' }, 'Notes ', notes),
  h('button', { type: 'submit' }, 'Save author policy'), status);
  return form;
}

function renderRecord(section, record, { mayAct, save }) {
  const { counts, latest, audit, policy } = record;
  replaceChildren(section,
    h('h3', {}, 'Author ', h('bdi', {}, record.authorId)),
    h('dl', { class: 'facts author-facts' },
      h('dt', {}, 'Policy'), h('dd', { class: 'author-mode', 'data-mode': policy.mode }, ...modeText(policy)),
      policy.notes ? [h('dt', {}, 'Notes'), h('dd', { class: 'author-notes-text', dir: 'auto' }, policy.notes)] : null,
      h('dt', {}, 'Comments'),
      h('dd', { class: 'author-counts' }, `${counts.total}: ${counts.approve} approved, ${counts.hold} held, ${counts.reject} rejected`),
    ),
    latest.length ? h('ol', { class: 'author-latest' }, latest.map((c) =>
      h('li', { 'data-id': c.id }, h('span', { class: 'status-badge', 'data-status': c.status }, STATUS_WORD[c.status]), ' ', timeElement(c.at), ' ',
        h('span', { class: 'author-latest-text', dir: 'auto' }, c.text === null ? '(gone)' : c.text.slice(0, 140))))) : null,
    audit.length ? h('p', { class: 'author-audit' }, 'Last changed by ', h('bdi', {}, audit[0].actor), ' ', timeElement(audit[0].at)) : null,
    mayAct ? policyForm(record, save) : null,
  );
}

/** The panel for the comment's author, filled once the record arrives. */
export function authorPanel(api, comment, { mayAct }) {
  const section = h('section', { class: 'author-panel', 'aria-label': 'Author' }, h('p', {}, 'Loading the author…'));
  const save = async (body) => renderRecord(section, await api.setAuthor(comment.site, comment.authorId, body), { mayAct, save });
  api.author(comment.site, comment.authorId)
    .then((record) => renderRecord(section, record, { mayAct, save }))
    .catch((err) => replaceChildren(section, h('p', { class: 'message message-error' }, `Could not load the author: ${err.message}`)));
  return section;
}
