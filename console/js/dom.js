// Builds elements without ever parsing markup: every string child becomes a
// text node and every attribute is set with setAttribute, so comment data can
// never turn into HTML, whatever it contains. Bidirectional controls in
// either are shown as marks rather than obeyed (bidi.js).
import { inertText, withVisibleControls } from './bidi.js';

/**
 * h('p', { class: 'x', onclick: fn, 'aria-label': 'y' }, 'text', otherNode, [more])
 * Props that are null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : withVisibleControls(String(value)));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? inertText(String(child)) : child);
  }
  return node;
}

/** Replaces every child of `node`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The URL when it is an absolute http(s) address, else null: no javascript:, data: or relative links from data. */
export function safeHttpUrl(raw) {
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
