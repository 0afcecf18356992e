// Approve, reject and hold, optimistic: the card leaves the list (and the
// counts move) at once, and comes back with a clear message when the API
// refuses. A 409 means another moderator acted on the version this page
// showed; the page then says what the comment is now and who made it so.
import { showNotice } from './cards.js';
import { say } from './messages.js';
import { STATUS_WORD } from './words.js';

const BULK_LIMIT = 100;

/** Who made the comment's current version, from its history (the API's 409 names only the status). */
async function actorOf(api, id, version) {
  try {
    const { history } = await api.comment(id);
    const entry = history.find((e) => e.version === version) ?? history.at(-1);
    return entry?.actor ?? 'someone';
  } catch {
    return 'someone';
  }
}

const who = (item) => `the comment by ${item.name}`;
const capitalized = (word) => word[0].toUpperCase() + word.slice(1);

export function createActions({ api, queue, noteInput, reasonSelect, onChanged }) {
  /** Applies the optimistic change for one comment; returns how to undo it. */
  function applyOptimistically(item, action) {
    const before = { status: item.status, version: item.version };
    const leaves = action !== queue.status;
    const removed = leaves ? queue.removeCard(item.id) : null;
    if (!leaves) queue.cards.get(item.id)?.classList.add('pending');
    queue.shiftCounts(before.status, action);
    return {
      rollback() {
        queue.shiftCounts(action, before.status);
        Object.assign(item, before);
        queue.cards.get(item.id)?.classList.remove('pending');
        return removed ? queue.restoreCard(removed) : queue.cards.get(item.id);
      },
      commit(current) {
        item.status = current.status;
        item.version = current.version;
        queue.cards.get(item.id)?.classList.remove('pending');
      },
    };
  }

  async function conflictMessage(item, current) {
    const actor = await actorOf(api, item.id, current.version);
    return `Someone else acted first: now ${STATUS_WORD[current.status] ?? current.status} by ${actor}. The comment is back in the list; look again and decide.`;
  }

  /** Undoes one refused action and explains it on the card and in the message region. */
  async function refused(item, undo, error, action) {
    const card = undo.rollback();
    if (error.code === 'appeal_open') {
      const text = `${who(item)} has an open appeal: decide it in the Appealed tab (a moderator other than the one appealed against). Nothing changed.`;
      if (card) showNotice(card, item, text);
      return text;
    }
    if (error.status === 409 && error.details?.current) {
      const current = error.details.current;
      const text = await conflictMessage(item, current);
      // The page now knows the real state: acting again is a decision made knowing it.
      item.status = current.status;
      item.version = current.version;
      if (card) showNotice(card, item, text);
      return text;
    }
    if (error.status === 404) {
      queue.removeCard(item.id);
      return `${who(item)} no longer exists or is not yours to see; it left the list.`;
    }
    const text = `Could not ${action} ${who(item)}: ${error.message}. Nothing changed.`;
    if (card) showNotice(card, item, text);
    return text;
  }

  async function actOnOne(item, body, undo) {
    try {
      const answer = await api.act(item.id, body);
      undo.commit(answer.comment);
      return { ok: true };
    } catch (error) {
      return { ok: false, text: await refused(item, undo, error, body.action), conflict: error.status === 409 };
    }
  }

  async function actOnMany(items, body, undos) {
    const outcomes = [];
    for (let start = 0; start < items.length; start += BULK_LIMIT) {
      const chunk = items.slice(start, start + BULK_LIMIT);
      let results;
      try {
        ({ results } = await api.bulk(chunk.map((item) => ({ id: item.id, expectedVersion: item.version, ...body }))));
      } catch (error) {
        for (const item of chunk) outcomes.push({ ok: false, text: await refused(item, undos.get(item.id), error, body.action), conflict: false });
        continue;
      }
      for (const [i, result] of results.entries()) {
        const item = chunk[i];
        if (result.status === 200) {
          undos.get(item.id).commit(result.comment);
          outcomes.push({ ok: true });
        } else {
          const error = { status: result.status, message: result.error?.message ?? 'refused', details: result.error?.details };
          outcomes.push({ ok: false, text: await refused(item, undos.get(item.id), error, body.action), conflict: result.status === 409 });
        }
      }
    }
    return outcomes;
  }

  /** Acts on the given items (queue items or a detail's comment) with the note and reason typed, if any. */
  async function act(action, items) {
    items = items.filter(Boolean);
    if (!items.length) {
      say('No comment to act on: move to one with j or k first.', 'warning');
      return;
    }
    const note = noteInput.value.trim();
    const reason = reasonSelect.value;
    const body = { action, ...(note && { note }), ...(reason && { reason }) };
    noteInput.value = '';
    reasonSelect.value = '';
    const undos = new Map();
    for (const item of items) undos.set(item.id, applyOptimistically(item, action));
    const outcomes = items.length === 1
      ? [await actOnOne(items[0], { ...body, expectedVersion: items[0].version }, undos.get(items[0].id))]
      : await actOnMany(items, body, undos);

    const done = outcomes.filter((o) => o.ok).length;
    const failures = outcomes.filter((o) => !o.ok);
    const verb = STATUS_WORD[action];
    if (!failures.length) {
      say(items.length === 1 ? `${capitalized(verb)} ${who(items[0])}.` : `${capitalized(verb)} ${done} comments.`, 'success');
    } else if (items.length === 1) {
      say(failures[0].text, failures[0].conflict ? 'warning' : 'error');
      if (queue.cards.has(items[0].id)) queue.setCurrent(items[0].id);
    } else {
      say(`${capitalized(verb)} ${done} of ${items.length}. ${failures.map((f) => f.text).join(' ')}`, 'warning');
    }
    onChanged();
  }

  return { act };
}
