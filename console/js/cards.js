// One queue item as a card: author, site, time, article, the text with its
// evidence marked, the reasons in plain words, and the action buttons.
import { h, replaceChildren, safeHttpUrl } from './dom.js';
import { highlightedText } from './highlight.js';
import { ACTION_VERB, STATUS_WORD, ago, reasonList, timeElement } from './words.js';

/** The article as a link when its address is a safe http(s) URL, else as plain text. */
export function articleElement(item) {
  const href = safeHttpUrl(item.articleUrl);
  if (href) {
    return h('a', { class: 'article', href, target: '_blank', rel: 'noopener noreferrer nofollow' },
      'Article', h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'), ': ', h('bdi', {}, item.articleId ?? new URL(href).pathname));
  }
  if (item.articleId || item.articleUrl) return h('span', { class: 'article' }, 'Article: ', h('bdi', {}, item.articleId ?? item.articleUrl));
  return null;
}

export function authorElement(item) {
  return h('bdi', { class: 'author' }, highlightedText(item.name, item.reasons, 'name'));
}

export function commentTextElement(item, extraClass = '') {
  return h('p', { class: `comment-text ${extraClass}`.trim(), dir: 'auto' }, highlightedText(item.text, item.reasons, 'text'));
}

/** The keyboard shortcut of each action, shown on its button. */
export const ACTION_KEY = { approve: 'a', reject: 'r', hold: 'h' };

export function actionButtons(onAct, extra = []) {
  return h('div', { class: 'card-actions' },
    ['approve', 'reject', 'hold'].map((action) =>
      h('button', { type: 'button', class: `act-${action}`, 'data-action': action, 'aria-keyshortcuts': ACTION_KEY[action], onclick: () => onAct(action) },
        ACTION_VERB[action], ' ', h('kbd', { 'aria-hidden': 'true' }, ACTION_KEY[action]))),
    extra);
}

/** "Rejected by bob (admin), 5 minutes ago": the latest human action, when there was one. */
export function lastActionElement(item) {
  const last = item.lastAction;
  if (!last) return null;
  return h('p', { class: 'last-action' },
    `${STATUS_WORD[last.action] === undefined ? last.action : STATUS_WORD[last.action][0].toUpperCase() + STATUS_WORD[last.action].slice(1)} by `,
    h('bdi', {}, last.actor), ` (${last.role}), `, timeElement(last.at));
}

/**
 * A card for the queue. `handlers` has act(action), open(), select(checked), focus();
 * `mayAct` hides the buttons for viewers.
 */
export function queueCard(item, { mayAct, selected, handlers }) {
  const checkboxId = `select-${item.id}`;
  const card = h('li', {
    class: 'card', tabindex: '-1', 'data-id': item.id,
    'aria-label': `Comment by ${item.name} on ${item.site}, ${ago(item.createdAt)}`,
    onfocus: handlers.focus,
  },
    h('div', { class: 'card-head' },
      mayAct ? h('span', { class: 'select' },
        h('input', { type: 'checkbox', id: checkboxId, checked: selected, onchange: (e) => handlers.select(e.target.checked) }),
        h('label', { for: checkboxId, class: 'visually-hidden' }, `Select the comment by ${item.name}`)) : null,
      authorElement(item),
      h('span', { class: 'site' }, item.site),
      timeElement(item.createdAt),
      articleElement(item),
      h('span', { class: 'status-badge', 'data-status': item.status }, STATUS_WORD[item.status] ?? item.status),
    ),
    commentTextElement(item, 'clamped'),
    lastActionElement(item),
    reasonList(item.reasons),
    h('p', { class: 'card-notice', hidden: true }),
    mayAct
      ? actionButtons(handlers.act, h('button', { type: 'button', class: 'open', onclick: handlers.open }, 'Details and history'))
      : h('div', { class: 'card-actions' }, h('button', { type: 'button', class: 'open', onclick: handlers.open }, 'Details and history')),
  );
  return card;
}

/** Shows the comment's state after someone else changed it, so the moderator decides again knowingly. */
export function showNotice(card, item, text) {
  const notice = card.querySelector('.card-notice');
  replaceChildren(notice, text);
  notice.hidden = false;
  const badge = card.querySelector('.status-badge');
  badge.dataset.status = item.status;
  replaceChildren(badge, STATUS_WORD[item.status] ?? item.status);
  card.classList.add('changed');
}
