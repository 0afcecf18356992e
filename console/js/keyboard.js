// Single-key shortcuts for the queue. They never fire while typing in a
// field (Escape leaves the field instead) or with Ctrl, Alt or Meta held, so
// browser and screen reader shortcuts keep working.

const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

const isTyping = (target) =>
  target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable ||
  (target.tagName === 'INPUT' && !NOT_TYPING_INPUTS.has(target.type));

export function bindShortcuts(handlers) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    const target = event.target;
    if (isTyping(target)) {
      if (event.key === 'Escape') {
        event.preventDefault();
        target.blur();
        handlers.backToQueue();
      }
      return;
    }
    const handler = handlers.keys[event.key];
    if (!handler) return;
    // Buttons and links keep Enter for themselves.
    if (event.key === 'Enter' && (target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'INPUT')) return;
    if (handlers.enabled && !handlers.enabled(event.key)) return;
    event.preventDefault();
    handler(event);
  });
}
