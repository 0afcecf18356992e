// Bidirectional controls in comment data are shown, never obeyed. Inside an
// author name or a text they reorder what follows them: the name
// "\u202Enimda" displays as "admin", and a file name can be made to end in
// ".txt" on screen. <bdi> and dir="auto" only keep them from spilling into
// the rest of the page, so each control is replaced by a visible mark
// ("[RLO]") with its name in a tooltip, and the text around it reads in its
// real order.

const CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

const NAMES = {
  '\u061C': ['ALM', 'Arabic letter mark'],
  '\u200E': ['LRM', 'left-to-right mark'],
  '\u200F': ['RLM', 'right-to-left mark'],
  '\u202A': ['LRE', 'left-to-right embedding'],
  '\u202B': ['RLE', 'right-to-left embedding'],
  '\u202C': ['PDF', 'pop directional formatting'],
  '\u202D': ['LRO', 'left-to-right override'],
  '\u202E': ['RLO', 'right-to-left override'],
  '\u2066': ['LRI', 'left-to-right isolate'],
  '\u2067': ['RLI', 'right-to-left isolate'],
  '\u2068': ['FSI', 'first strong isolate'],
  '\u2069': ['PDI', 'pop directional isolate'],
};

const mark = (control) => `[${NAMES[control][0]}]`;

/** The string with every bidirectional control spelled out ("[RLO]"), for attributes. */
export function withVisibleControls(text) {
  return text.replace(CONTROLS, mark);
}

/** Text nodes for `text`, each bidirectional control a visible, explained mark instead. */
export function inertText(text) {
  if (!CONTROL.test(text)) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const match of text.matchAll(CONTROLS)) {
    if (match.index > from) fragment.append(document.createTextNode(text.slice(from, match.index)));
    const control = match[0];
    const span = document.createElement('span');
    span.className = 'bidi-control';
    span.setAttribute('title', `${NAMES[control][1]} (U+${control.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}), shown rather than applied`);
    span.append(document.createTextNode(mark(control)));
    fragment.append(span);
    from = match.index + control.length;
  }
  if (from < text.length) fragment.append(document.createTextNode(text.slice(from)));
  return fragment;
}
