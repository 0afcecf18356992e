// The moderator console: static files (console/ at the repository root)
// served at /console, plus the one API route it needs that the moderation
// API lacked (/v1/moderation/me). Everything else the page does goes through
// the public moderation API with the moderator's own key.
import path from 'node:path';
import express, { Router } from 'express';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { moderationMeRouter } from './moderation-me';

/** Two levels up from src/api (tests) or dist/api (built): the repository or image root. */
export const CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'console');

export interface ConsoleParts {
  directory: ModeratorDirectory;
}

export function consoleRouter(parts: ConsoleParts): Router {
  const router = Router();
  router.use(moderationMeRouter(parts.directory));

  const index = path.join(CONSOLE_DIR, 'index.html');
  // The page reads no query string, so /console and /console/ are the same page.
  router.get(['/console', '/console/'], (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  // The sign-in form posts here only when the page's script did not run: the body (a key) is not read, and
  // the browser is sent back to the page, so no key ever travels in an address.
  router.post(['/console', '/console/'], (_req, res) => {
    res.redirect(303, '/console');
  });
  // Browsers ask for /favicon.ico on their own; the console names its icon, so there is nothing here.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  // Files are small and few; no-cache with ETags keeps a new release visible at once and reloads cheap.
  router.use('/console', express.static(CONSOLE_DIR, { index: false, redirect: false, fallthrough: true, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
