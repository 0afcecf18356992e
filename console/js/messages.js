// The page's one aria-live region: every outcome (done, conflict, failure)
// is said there, so screen reader users hear what sighted users see.
import { h, replaceChildren } from './dom.js';

const region = () => document.getElementById('messages');
let clearTimer = null;

/** kind: 'info' | 'success' | 'warning' | 'error'. Warnings and errors stay until the next message. */
export function say(text, kind = 'info') {
  const node = region();
  clearTimeout(clearTimer);
  replaceChildren(node, h('p', { class: `message message-${kind}` }, text));
  if (kind === 'info' || kind === 'success') clearTimer = setTimeout(() => node.replaceChildren(), 8000);
}

/** Clears the region (a stale error must not outlive what it was about, e.g. a failed sign-in after a good one). */
export function clearMessages() {
  clearTimeout(clearTimer);
  region().replaceChildren();
}
