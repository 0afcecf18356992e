// The moderator console: sign in with a moderator key (kept in this tab's
// sessionStorage only), then the queue, actions and detail, all through the
// public moderation API.
import { createActions } from './actions.js';
import { createApi } from './api.js';
import { renderDetail } from './detail.js';
import { watchPresence } from './presence.js';
import { authorPanel } from './author-panel.js';
import { withVisibleControls } from './bidi.js';
import { h, replaceChildren } from './dom.js';
import { bindShortcuts } from './keyboard.js';
import { clearMessages, say } from './messages.js';
import { NoticeBoard } from './notices.js';
import { Queue } from './queue.js';

const KEY_STORAGE = 'moderation-console-key';
const $ = (id) => document.getElementById(id);

let queue = null;
let actions = null;
let api = null;
let moderator = null;
let detailComment = null;
/** Stops the open comment's presence heartbeat (presence.js). */
let stopPresence = () => {};
let notices = null;

const mayAct = () => moderator && (moderator.role === 'moderator' || moderator.role === 'admin');

async function signIn(key) {
  const candidate = createApi(key);
  try {
    moderator = await candidate.me();
  } catch (err) {
    sessionStorage.removeItem(KEY_STORAGE);
    say(err.status === 401 ? 'That key is not a valid moderator key.' : `Could not sign in: ${err.message}`, 'error');
    return false;
  }
  api = candidate;
  clearMessages();
  sessionStorage.setItem(KEY_STORAGE, key);
  $('moderator-name').textContent = withVisibleControls(moderator.name);
  $('moderator-role').textContent = moderator.role;
  $('signed-in-as').hidden = false;
  $('sign-out-button').hidden = false;
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  document.body.classList.toggle('read-only', !mayAct());
  startQueue();
  return true;
}

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  // A fresh page drops every comment and the key from memory.
  location.replace('/console');
}

function startQueue() {
  queue = new Queue({ api, mayAct: mayAct(), onOpen: openDetail, onAct: (action, ids) => act(action, ids) });
  actions = createActions({
    api, queue, noteInput: $('action-note'), reasonSelect: $('action-reason'),
    onChanged: () => { queue.refreshCounts().then(() => queue.renderStatusLine()); },
  });
  queue.reload().then(() => {
    fillSites();
    queue.focusCurrent();
  });
  watchEndOfList();
  notices = new NoticeBoard({ api, mayAct: mayAct(), onChanged: () => queue.refreshCounts().then(() => queue.renderStatusLine()) });
  notices.startPolling();
}

/** The site filter offers the key's sites, or every site with comments when the key sees all. */
function fillSites() {
  const sites = moderator.sites ?? queue.stats?.sites.map((s) => s.site) ?? [];
  const select = $('filter-site');
  const chosen = select.value;
  replaceChildren(select, h('option', { value: '' }, 'All sites'), sites.map((site) => h('option', { value: site }, site)));
  select.value = chosen;
}

/** Infinite scroll: near the end of the list, the next page loads. The button does the same for keyboards. */
function watchEndOfList() {
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && queue.hasMore && queue.items.length) queue.loadMore();
  }, { rootMargin: '800px 0px' });
  observer.observe($('queue-end-sentinel'));
}

function act(action, ids) {
  if (!mayAct()) {
    say(`Your role (${moderator.role}) can read the queue but not act on it.`, 'warning');
    return;
  }
  return actions.act(action, ids.map((id) => queue.item(id)));
}

function selectTab(tab) {
  for (const button of document.querySelectorAll('[role=tab]')) {
    const selected = button.dataset.tab === tab;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  // Reported and appealed are lists of their own (notices.js); the other tabs are the status queue.
  const noticeTab = tab === 'reported' || tab === 'appealed';
  for (const id of ['queue', 'filters', 'queue-status']) $(id).hidden = noticeTab;
  document.querySelector('.action-bar').hidden = noticeTab;
  $('notices').hidden = !noticeTab;
  if (noticeTab) {
    notices.site = $('filter-site').value;
    notices.show(tab);
    return;
  }
  queue.tab = tab;
  queue.reload().then(() => queue.focusCurrent());
}

async function openDetail(id) {
  const dialog = $('detail');
  detailComment = null;
  replaceChildren($('detail-title'), 'Comment');
  replaceChildren($('detail-body'), h('p', {}, 'Loading…'));
  if (!dialog.open) dialog.showModal();
  stopPresence();
  stopPresence = watchPresence(api, id, $('detail-presence'));
  try {
    const data = await api.comment(id);
    detailComment = data.comment;
    renderDetail($('detail-body'), $('detail-title'), data, {
      mayAct: mayAct(),
      onAct: (action) => actFromDetail(action),
      author: data.comment.authorId ? authorPanel(api, data.comment, { mayAct: mayAct() }) : null,
    });
  } catch (err) {
    replaceChildren($('detail-body'), h('p', { class: 'message message-error' }, `Could not load the comment: ${err.message}`));
  }
}

/** Acts on the comment the detail shows, at the version the detail shows, then closes the detail. */
async function actFromDetail(action) {
  if (!detailComment) return;
  const shown = detailComment;
  $('detail').close();
  const listed = queue.item(shown.id);
  if (listed) Object.assign(listed, { status: shown.status, version: shown.version });
  if (!mayAct()) return act(action, []);
  await actions.act(action, [listed ?? { id: shown.id, name: shown.name, status: shown.status, version: shown.version }]);
}

function bindPage() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('moderator-key');
    const key = input.value.trim();
    if (!key) return;
    if (await signIn(key)) input.value = '';
  });
  $('sign-out-button').addEventListener('click', signOut);
  $('help-button').addEventListener('click', () => $('help').showModal());
  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.addEventListener('click', (event) => {
      if (event.target.closest('[data-close]')) dialog.close();
    });
    dialog.addEventListener('close', () => {
      if (dialog.id === 'detail') {
        stopPresence();
        stopPresence = () => {};
      }
      queue?.focusCurrent();
    });
  }
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    queue.filters = { site: String(form.get('site') ?? ''), check: String(form.get('check') ?? ''), rule: String(form.get('rule') ?? '').trim() };
    queue.reload().then(() => queue.focusCurrent());
  });
  // Selects apply at once; the rule field waits for Enter or Apply.
  for (const id of ['filter-site', 'filter-check']) $(id).addEventListener('change', () => $('filters').requestSubmit());
  const tabs = [...document.querySelectorAll('[role=tab]')];
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      selectTab(next.dataset.tab);
    });
  }
  for (const button of document.querySelectorAll('[data-bulk]')) button.addEventListener('click', () => act(button.dataset.bulk, queue.targets()));
  $('clear-selection').addEventListener('click', () => queue.clearSelection());
  $('load-more').addEventListener('click', () => queue.loadMore());

  const inDetail = () => $('detail').open;
  bindShortcuts({
    enabled: (key) => queue !== null && !$('help').open && (!inDetail() || 'arh'.includes(key)),
    backToQueue: () => queue?.focusCurrent(),
    keys: {
      j: () => queue.move(1),
      k: () => queue.move(-1),
      x: () => queue.toggleCurrent(),
      a: () => (inDetail() ? actFromDetail('approve') : act('approve', queue.targets())),
      r: () => (inDetail() ? actFromDetail('reject') : act('reject', queue.targets())),
      h: () => (inDetail() ? actFromDetail('hold') : act('hold', queue.targets())),
      o: () => queue.currentId && openDetail(queue.currentId),
      Enter: () => queue.currentId && openDetail(queue.currentId),
      n: () => $('action-note').focus(),
      '/': () => $('filter-site').focus(),
      '?': () => $('help').showModal(),
      1: () => selectTab('held'),
      2: () => selectTab('rejected'),
      3: () => selectTab('approved'),
      4: () => selectTab('reported'),
      5: () => selectTab('appealed'),
    },
  });
}

bindPage();
const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) signIn(saved);
else $('moderator-key').focus();
