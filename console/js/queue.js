// The queue: one status tab with its filters, loaded page by page with the
// API's cursor (oldest first), a current comment for the keyboard, and a
// selection for bulk actions. Cards are added and removed, never re-rendered
// wholesale, so thousands of comments stay cheap.
import { h, replaceChildren } from './dom.js';
import { queueCard } from './cards.js';
import { say } from './messages.js';
import { STATUS_WORD, TAB_STATUS } from './words.js';

const PAGE_SIZE = 50;

export class Queue {
  constructor({ api, mayAct, onOpen, onAct }) {
    this.api = api;
    this.mayAct = mayAct;
    this.onOpen = onOpen;
    this.onAct = onAct;
    this.tab = 'held';
    this.filters = { site: '', check: '', rule: '' };
    this.items = [];
    this.cards = new Map();
    this.selected = new Set();
    this.currentId = null;
    this.cursor = undefined;
    this.hasMore = false;
    this.loading = null;
    // Bumped on every reload, so a page answered for an older tab or filter is dropped.
    this.generation = 0;
    this.counts = { held: 0, rejected: 0, approved: 0 };
    this.list = document.getElementById('queue');
    this.statusLine = document.getElementById('queue-status');
    this.loadMoreButton = document.getElementById('load-more');
    this.knownRules = new Set();
    /** The last answer of /v1/moderation/stats. */
    this.stats = null;
  }

  get status() {
    return TAB_STATUS[this.tab];
  }

  item(id) {
    return this.items.find((i) => i.id === id) ?? null;
  }

  async reload() {
    this.generation++;
    this.items = [];
    this.cards.clear();
    this.selected.clear();
    this.currentId = null;
    this.cursor = undefined;
    this.hasMore = true;
    this.loading = null;
    this.list.replaceChildren();
    this.selectionChanged();
    await Promise.all([this.loadMore(), this.refreshCounts()]);
  }

  /** The next page after the cursor; after the last page the same cursor brings only newer comments. */
  loadMore() {
    if (this.loading) return this.loading;
    const generation = this.generation;
    this.list.setAttribute('aria-busy', 'true');
    this.renderStatusLine('Loading…');
    this.loading = this.api
      .queue({ status: this.tab, ...this.filters, cursor: this.cursor, limit: PAGE_SIZE })
      .then((page) => {
        if (generation !== this.generation) return;
        this.cursor = page.nextCursor ?? this.cursor;
        this.hasMore = page.hasMore;
        for (const item of page.items) if (!this.cards.has(item.id)) this.addCard(item);
        if (this.currentId === null && this.items.length) this.setCurrent(this.items[0].id, { focus: false });
      })
      .catch((err) => {
        if (generation === this.generation) say(`Could not load the queue: ${err.message}`, 'error');
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.loading = null;
        this.list.setAttribute('aria-busy', 'false');
        this.renderStatusLine();
        this.updateKnownRules();
      });
    return this.loading;
  }

  async refreshCounts() {
    try {
      const stats = await this.api.stats(this.filters.site || undefined);
      this.stats = stats;
      this.counts = { ...stats.total };
      this.renderCounts();
      return stats;
    } catch (err) {
      say(`Could not load the counts: ${err.message}`, 'error');
      return null;
    }
  }

  renderCounts() {
    for (const node of document.querySelectorAll('[data-count]')) node.textContent = String(this.counts[node.dataset.count] ?? 0);
  }

  /** Moves `n` comments from one status to another in the tab counts (optimistic; stats correct it later). */
  shiftCounts(from, to, n = 1) {
    const fromTab = STATUS_WORD[from];
    const toTab = STATUS_WORD[to];
    if (fromTab === toTab) return;
    this.counts[fromTab] = Math.max(0, (this.counts[fromTab] ?? 0) - n);
    this.counts[toTab] = (this.counts[toTab] ?? 0) + n;
    this.renderCounts();
  }

  renderStatusLine(override) {
    const shown = this.items.length;
    const total = this.counts[this.tab];
    const filtered = this.filters.check || this.filters.rule;
    this.statusLine.textContent = override ??
      (shown === 0
        ? `No ${this.tab} comments${filtered ? ' match these filters' : ''}.`
        : `Showing ${shown}${filtered ? '' : ` of ${total}`} ${this.tab} comment${shown === 1 ? '' : 's'}, oldest first.`);
    this.loadMoreButton.hidden = false;
    this.loadMoreButton.textContent = this.hasMore ? 'Load more comments' : 'Check for newer comments';
  }

  updateKnownRules() {
    for (const item of this.items) for (const rule of item.rules ?? []) this.knownRules.add(rule.split(':')[1] ?? rule);
    const datalist = document.getElementById('known-rules');
    replaceChildren(datalist, [...this.knownRules].sort().map((rule) => h('option', { value: rule })));
  }

  addCard(item, beforeId = null) {
    const card = queueCard(item, {
      mayAct: this.mayAct,
      selected: this.selected.has(item.id),
      handlers: {
        act: (action) => { this.setCurrent(item.id, { focus: false }); this.onAct(action, [item.id]); },
        open: () => { this.setCurrent(item.id, { focus: false }); this.onOpen(item.id); },
        select: (checked) => this.select(item.id, checked),
        focus: () => this.setCurrent(item.id, { focus: false }),
      },
    });
    this.cards.set(item.id, card);
    const before = beforeId ? this.cards.get(beforeId) : null;
    if (before) {
      this.list.insertBefore(card, before);
      this.items.splice(this.items.findIndex((i) => i.id === beforeId), 0, item);
    } else {
      this.list.append(card);
      this.items.push(item);
    }
    return card;
  }

  /** Takes a card out of the list, returning what is needed to put it back where it was. */
  removeCard(id) {
    const index = this.items.findIndex((i) => i.id === id);
    if (index < 0) return null;
    const [item] = this.items.splice(index, 1);
    const nextId = this.items[index]?.id ?? null;
    this.cards.get(id)?.remove();
    this.cards.delete(id);
    const wasSelected = this.selected.delete(id);
    if (this.currentId === id) {
      const neighbour = this.items[index] ?? this.items[index - 1] ?? null;
      this.currentId = null;
      if (neighbour) this.setCurrent(neighbour.id, { focus: document.activeElement === document.body || this.list.contains(document.activeElement) || document.activeElement === this.list });
    }
    this.selectionChanged();
    this.renderStatusLine();
    if (this.items.length < 10 && this.hasMore) this.loadMore();
    return { item, nextId, wasSelected };
  }

  /** Puts a removed card back before the comment that followed it (or at the end). */
  restoreCard({ item, nextId, wasSelected }) {
    if (this.cards.has(item.id)) return this.cards.get(item.id);
    if (wasSelected) this.selected.add(item.id);
    const card = this.addCard(item, nextId && this.cards.has(nextId) ? nextId : null);
    this.selectionChanged();
    this.renderStatusLine();
    return card;
  }

  setCurrent(id, { focus = true } = {}) {
    if (this.currentId && this.currentId !== id) {
      const old = this.cards.get(this.currentId);
      old?.classList.remove('current');
      old?.setAttribute('tabindex', '-1');
    }
    const card = this.cards.get(id);
    if (!card) return;
    this.currentId = id;
    card.classList.add('current');
    card.setAttribute('tabindex', '0');
    if (focus) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'nearest' });
    }
  }

  async move(step) {
    if (!this.items.length) return;
    let index = this.items.findIndex((i) => i.id === this.currentId);
    if (index < 0) index = 0;
    else index += step;
    if (index >= this.items.length && this.hasMore) {
      await this.loadMore();
    }
    index = Math.min(Math.max(index, 0), this.items.length - 1);
    this.setCurrent(this.items[index].id);
  }

  focusCurrent() {
    if (this.currentId) this.setCurrent(this.currentId);
    else this.list.focus();
  }

  select(id, checked) {
    if (checked) this.selected.add(id);
    else this.selected.delete(id);
    const box = this.cards.get(id)?.querySelector('input[type=checkbox]');
    if (box) box.checked = checked;
    this.cards.get(id)?.classList.toggle('selected', checked);
    this.selectionChanged();
  }

  toggleCurrent() {
    if (this.currentId) this.select(this.currentId, !this.selected.has(this.currentId));
  }

  clearSelection() {
    for (const id of [...this.selected]) this.select(id, false);
  }

  selectionChanged() {
    const n = this.selected.size;
    document.getElementById('selection-summary').textContent = n
      ? `${n} comment${n === 1 ? '' : 's'} selected: a, r or h acts on all of them`
      : 'No comments selected (x selects the current one)';
    // The bulk buttons show only when they would do something, which keeps small screens short.
    document.getElementById('bulk-buttons').hidden = n === 0;
  }

  /** The comments a key press acts on: the selection when there is one, else the current comment. */
  targets() {
    if (this.selected.size) return this.items.filter((i) => this.selected.has(i.id)).map((i) => i.id);
    return this.currentId ? [this.currentId] : [];
  }
}
