// The embedded database is SIGKILLed while comments are posted: submissions
// answer 503 with Retry-After within the timeout, /healthz says down, the
// service restarts its database and recovers by itself, and every comment
// answered 201 is stored exactly once (clients retry with their externalId).
import { commentModel } from '../../src/store/comment-model';
import { postComment, startTestService } from '../helpers/service';

jest.setTimeout(90_000);

describe('database outage', () => {
  it('answers 503 fast while the database is down and recovers without a restart', async () => {
    // The supervisor waits 3 s before restarting the database, so the outage is long enough to see.
    const svc = await startTestService({ DB_TIMEOUT_MS: '1500', EMBEDDED_DB_RESTART_DELAY_MS: '3000' });
    try {
      const acknowledged = new Map<string, string>();
      const statuses: number[] = [];
      let slowest = 0;
      let retryAfterSeen = false;
      let healthDown = false;
      const send = async (i: number) => {
        const externalId = `outage-${i}`;
        const res = await postComment(svc.url, { name: `Reader ${i % 7}`, text: `Comment number ${i} on the outage story`, externalId });
        statuses.push(res.status);
        slowest = Math.max(slowest, res.ms);
        if (res.status === 201 || res.status === 200) acknowledged.set(externalId, res.body.id);
        if (res.status === 503) retryAfterSeen ||= res.headers.get('retry-after') !== null && res.body?.error?.code === 'database_unavailable';
        return res.status;
      };

      for (let i = 0; i < 10; i++) await send(i);
      process.kill(svc.db.embedded!.pid()!, 'SIGKILL');

      // Keep posting (new ids, and retries of the ones that failed) until the service is back.
      const pending = new Set<number>();
      let i = 10;
      const deadline = Date.now() + 60_000;
      let recovered = false;
      while (Date.now() < deadline) {
        const health = await fetch(`${svc.url}/healthz`).then((r) => r.json() as Promise<{ db: string }>);
        if (health.db === 'down') healthDown = true;
        const ids = [...pending, i++];
        for (const id of ids) {
          const status = await send(id);
          if (status === 201 || status === 200) pending.delete(id);
          else pending.add(id);
        }
        if (healthDown && pending.size === 0 && statuses.slice(-3).every((s) => s === 201)) {
          recovered = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }

      expect(statuses).toContain(503);
      expect(retryAfterSeen).toBe(true);
      expect(healthDown).toBe(true);
      expect(recovered).toBe(true);
      expect(slowest).toBeLessThan(5000);
      expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);

      // Every acknowledged comment is stored, exactly once.
      const comments = commentModel(svc.db.conn);
      for (const [externalId, id] of acknowledged) {
        expect(await comments.countDocuments({ _id: id, externalId })).toBe(1);
      }
    } finally {
      await svc.stop(2000);
    }
  });
});
