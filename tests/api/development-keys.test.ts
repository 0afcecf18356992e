// `npm start` on a fresh clone: with no keys configured on the embedded
// database, the service makes a site key for "news1" (the site every README
// example uses) and an admin moderator key, keeps them in DATA_DIR, and
// prints where to post, the console, and both keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestService } from '../helpers/service';

describe('development keys on the embedded database', () => {
  it('are printed with the console URL, work at once, and are the same after a restart', async () => {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { printed.push(String(chunk)); return true; });
    let svc: Awaited<ReturnType<typeof startTestService>> | undefined;
    try {
      svc = await startTestService({ SITE_KEYS: '', MODERATOR_KEYS: '', QUEUE_SETTLE_MS: '0' });
    } finally {
      spy.mockRestore();
    }
    const banner = printed.join('');
    try {
      const siteKey = readFileSync(path.join(svc.dataDir, 'dev-site-key'), 'utf8').trim();
      const moderatorKey = readFileSync(path.join(svc.dataDir, 'dev-moderator-key'), 'utf8').trim();
      expect(banner).toContain(`Site key (site "news1"): ${siteKey}`);
      expect(banner).toContain(`Moderator console: http://localhost:${svc.port}/console`);
      expect(banner).toContain(`Moderator key (admin, every site): ${moderatorKey}`);

      const posted = await fetch(`${svc.url}/v1/comments`, {
        method: 'POST', headers: { Authorization: `Bearer ${siteKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Ann', text: 'Write to me at ann.reader@example.org about the budget' }),
      });
      expect(posted.status).toBe(201);
      const queue = await fetch(`${svc.url}/v1/moderation/queue?site=news1&status=held`, { headers: { Authorization: `Bearer ${moderatorKey}` } });
      expect(queue.status).toBe(200);
      expect(((await queue.json()) as { items: Array<{ site: string }> }).items.map((i) => i.site)).toEqual(['news1']);
    } finally {
      await svc.stop();
    }
    const again = await startTestService({ SITE_KEYS: '', MODERATOR_KEYS: '' }, svc.dataDir);
    try {
      const me = await fetch(`${again.url}/v1/moderation/me`, { headers: { Authorization: `Bearer ${readFileSync(path.join(svc.dataDir, 'dev-moderator-key'), 'utf8').trim()}` } });
      expect(me.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
