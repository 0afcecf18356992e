// The reported and appealed tabs: readers' reports grouped by reason with the
// reporters (a digest, never their id) and a button to mute one; open appeals
// with the author's words and uphold / reverse. The counts on both tabs are
// polled every POLL_MS with the last ETag, so an unchanged answer is a 304
// without a body.
import { h, replaceChildren } from './dom.js';
import { say } from './messages.js';

const POLL_MS = 15_000;
const REASON_WORD = { spam: 'Spam', abuse: 'Abuse', hate: 'Hate', threat: 'Threat', sexual: 'Sexual', misinformation: 'Misinformation', illegal: 'Illegal', other: 'Other' };
const CODES = ['spam', 'abuse', 'hate', 'threat', 'sexual', 'misinformation', 'illegal', 'personal_data', 'off_topic', 'impersonation', 'other'];

export class NoticeBoard {
  constructor({ api, mayAct, onChanged }) {
    this.api = api;
    this.mayAct = mayAct;
    this.onChanged = onChanged;
    this.tab = null;
    this.site = '';
    this.list = document.getElementById('notices');
    this.etag = null;
  }

  /** Polls the counts until the page goes away. */
  startPolling() {
    const poll = () => this.refreshCounts().finally(() => { this.timer = setTimeout(poll, POLL_MS); });
    poll();
  }

  async refreshCounts() {
    try {
      const { counts, etag } = await this.api.noticeCounts(this.etag);
      this.etag = etag ?? this.etag;
      if (!counts) return;
      for (const [name, n] of Object.entries(counts)) {
        const el = document.querySelector(`[data-count="${name}"]`);
        if (el) el.textContent = String(n);
      }
    } catch {
      // The next poll tries again; the queue shows its own errors.
    }
  }

  async show(tab) {
    this.tab = tab;
    this.list.setAttribute('aria-label', tab === 'reported' ? 'Reported comments, oldest report first' : 'Appealed decisions, oldest first');
    replaceChildren(this.list, h('li', { class: 'queue-status' }, 'Loading…'));
    try {
      const page = tab === 'reported' ? await this.api.reported({ site: this.site, limit: 50 }) : await this.api.appealed({ site: this.site, limit: 50 });
      replaceChildren(this.list, page.items.length ? page.items.map((item) => (tab === 'reported' ? this.reportedCard(item) : this.appealCard(item))) : h('li', { class: 'queue-status' }, tab === 'reported' ? 'No reported comments.' : 'No open appeals.'));
    } catch (err) {
      replaceChildren(this.list, h('li', { class: 'message message-error' }, `Could not load: ${err.message}`));
    }
  }

  reportedCard({ comment, reports }) {
    const groups = Object.entries(reports.byReason).map(([reason, n]) => h('li', { class: 'report-group' }, `${REASON_WORD[reason] ?? reason} × ${n}`));
    const rows = reports.items.map((r) => h('li', { class: 'report', dataset: { reporter: r.reporter } },
      h('strong', {}, REASON_WORD[r.reason] ?? r.reason), ` · ${r.state}`, r.muted ? ' · muted' : '', r.dismissedBefore ? ` · ${r.dismissedBefore} earlier reports dismissed` : '',
      r.note ? h('q', {}, r.note) : null,
      r.legal ? h('p', { class: 'legal' }, `Law: ${r.legal.law}. ${r.legal.explanation}`) : null,
      h('span', { class: 'reporter' }, ` reporter ${r.reporter.slice(0, 8)}`),
      this.mayAct && !r.muted ? h('button', { type: 'button', 'data-mute': r.reporter, onclick: () => this.mute(comment.site, r.reporter) }, 'Mute reporter') : null));
    return h('li', { class: 'card notice-card', dataset: { id: comment.id } },
      h('p', { class: 'card-meta' }, h('bdi', {}, comment.name), ` · ${comment.site} · status ${comment.status} · ${reports.counted} of ${reports.open} open reports counted`),
      h('p', { class: 'card-text' }, comment.text),
      h('ul', { class: 'report-groups', 'aria-label': 'Reports by reason' }, groups),
      h('details', {}, h('summary', {}, `${reports.items.length} reports`), h('ul', { class: 'reports' }, rows)),
      this.mayAct ? h('div', { class: 'card-actions' },
        h('button', { type: 'button', class: 'act-approve', onclick: () => this.act(comment, 'approve') }, 'Keep published (dismiss reports)'),
        h('button', { type: 'button', class: 'act-reject', onclick: () => this.act(comment, 'reject') }, 'Reject (uphold reports)')) : null);
  }

  appealCard({ comment, appeal }) {
    const code = h('select', { 'aria-label': 'Code' }, CODES.map((c) => h('option', { value: c }, c)));
    const note = h('input', { type: 'text', maxlength: '2000', 'aria-label': 'Note to the author', placeholder: 'Note to the author (optional)' });
    const decide = (outcome) => this.decideAppeal(comment, appeal, outcome, code.value, note.value.trim());
    return h('li', { class: 'card notice-card', dataset: { id: comment.id } },
      h('p', { class: 'card-meta' }, h('bdi', {}, comment.name), ` · ${comment.site} · ${appeal.against} by ${appeal.decidedBy}`),
      h('p', { class: 'card-text' }, comment.text),
      appeal.statement ? h('blockquote', { class: 'appeal-statement' }, appeal.statement) : null,
      this.mayAct ? h('div', { class: 'card-actions' }, code, note,
        h('button', { type: 'button', class: 'act-reject', onclick: () => decide('uphold') }, 'Uphold'),
        h('button', { type: 'button', class: 'act-approve', onclick: () => decide('reverse') }, 'Reverse and publish')) : null);
  }

  async act(comment, action) {
    try {
      await this.api.act(comment.id, { action, expectedVersion: comment.version });
      say(`${action === 'approve' ? 'Kept' : 'Rejected'} "${comment.name}"; its reports are closed.`, 'success');
    } catch (err) {
      const why = err.code === 'appeal_open' ? 'This comment has an open appeal: decide it in the Appealed tab.'
        : err.status === 409 ? 'Someone else decided this comment first; reloaded.' : `Could not act: ${err.message}`;
      say(why, err.status === 409 ? 'warning' : 'error');
    }
    await this.reload();
  }

  async mute(site, reporter) {
    try {
      await this.api.mute({ site, reporter });
      say('Reporter muted: their reports are kept but no longer counted.', 'success');
    } catch (err) {
      say(`Could not mute: ${err.message}`, 'error');
    }
    await this.reload();
  }

  async decideAppeal(comment, appeal, outcome, code, note) {
    try {
      await this.api.decideAppeal(comment.id, { version: appeal.version, outcome, code, ...(note && { note }) });
      say(`Appeal ${outcome === 'reverse' ? 'granted: the comment is published' : 'rejected: the decision stands'}.`, 'success');
    } catch (err) {
      const why = err.code === 'same_moderator' ? 'You made the decision appealed against: another moderator must decide.' : err.code === 'appeal_decided' ? 'Another moderator decided this appeal first.' : err.message;
      say(`Could not decide the appeal: ${why}`, 'warning');
    }
    await this.reload();
  }

  async reload() {
    await Promise.all([this.show(this.tab), this.refreshCounts()]);
    this.onChanged?.();
  }
}
