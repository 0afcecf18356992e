// Who else has the comment open: while the detail shows a comment, the console
// says so every 20 s (the service counts a moderator as looking for 60 s
// after their last word) and shows the others it answers with; closing the
// detail says so at once. Presence is advisory, so a failed heartbeat shows
// nothing rather than an error: the version check still stops a second action.
import { h, replaceChildren } from './dom.js';

const BEAT_MS = 20_000;

function showViewers(target, viewers) {
  target.hidden = viewers.length === 0;
  const names = viewers.flatMap((v, i) => [i ? ', ' : '', h('bdi', { class: 'presence-name' }, v.moderator), ` (${v.role})`]);
  replaceChildren(target, viewers.length ? ['Also open by ', ...names, '. They may act on it too.'] : []);
}

/** Starts the heartbeat for comment `id`; returns the function that stops it and says the detail closed. */
export function watchPresence(api, id, target) {
  let stopped = false;
  const beat = async () => {
    try {
      const { viewers } = await api.presence(id);
      if (!stopped) showViewers(target, viewers);
    } catch {
      if (!stopped) showViewers(target, []);
    }
  };
  beat();
  const timer = setInterval(beat, BEAT_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    showViewers(target, []);
    api.leave(id).catch(() => undefined);
  };
}
