// The rule book in service: loaded whole, then swapped in one assignment, so
// a request sees either the old rules or the new, never a half-loaded set.
// A broken file on reload is reported and the previous rules keep serving.
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { loadRuleBook, type RuleBook } from './loader';

export interface LiveRules {
  current(): RuleBook;
  /** Reloads now; resolves to the error if the new files are invalid (old rules stay). */
  reload(): Error | null;
  /** 'reloaded' (the new RuleBook) and 'rejected' (the Error) after each reload, whatever started it. */
  events: EventEmitter;
  close(): void;
}

export function liveRules(dir: string, opts: { watch?: boolean; onReload?: (book: RuleBook) => void; onError?: (err: Error) => void } = {}): LiveRules {
  let book = loadRuleBook(dir);
  const events = new EventEmitter();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  const reload = (): Error | null => {
    try {
      book = loadRuleBook(dir);
      opts.onReload?.(book);
      events.emit('reloaded', book);
      return null;
    } catch (err) {
      opts.onError?.(err as Error);
      events.emit('rejected', err);
      return err as Error;
    }
  };

  if (opts.watch) {
    watcher = watch(dir, { recursive: true }, () => {
      // Editors write files in several steps; wait for the burst to end.
      clearTimeout(timer);
      timer = setTimeout(reload, 250);
    });
    watcher.on('error', (err) => opts.onError?.(err));
  }

  return {
    current: () => book,
    reload,
    events,
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
