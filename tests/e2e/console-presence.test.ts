// Presence in the console, in a real browser: a moderator who opens a comment
// another one has open is told who, the other sees them through the API,
// and closing the detail takes them off at once.
import type { Browser, Page } from 'playwright-core';
import { postComment, startTestService } from '../helpers/service';
import { describeInBrowser, launchChromium } from './browser';

jest.setTimeout(60_000);

const KEYS = { mona: 'presence-key-mona', val: 'presence-key-val' };

type Service = Awaited<ReturnType<typeof startTestService>>;

describeInBrowser('console presence', () => {
  let svc: Service;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let heldId = '';

  beforeAll(async () => {
    const launching = launchChromium();
    launching.catch(() => undefined);
    svc = await startTestService({ MODERATOR_KEYS: `mona:${KEYS.mona}:moderator,val:${KEYS.val}:viewer`, QUEUE_SETTLE_MS: '0' });
    const held = await postComment(svc.url, { name: 'Pia', text: 'Write to pia.presence@example.org about the bridge.' });
    if (held.body.decision !== 'hold') throw new Error(`expected a held comment, got ${JSON.stringify(held.body)}`);
    heldId = held.body.id;
    browser = await launching;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const beatAs = async (who: keyof typeof KEYS): Promise<string[]> => {
    const res = await fetch(`${svc.url}/v1/moderation/comments/${heldId}/presence`, { method: 'PUT', headers: { Authorization: `Bearer ${KEYS[who]}` } });
    if (res.status !== 200) throw new Error(`presence answered ${res.status}`);
    return ((await res.json()) as { viewers: Array<{ moderator: string }> }).viewers.map((v) => v.moderator);
  };

  it('names the other moderator with the comment open, and leaves when the detail closes', async () => {
    expect(await beatAs('val')).toEqual([]);
    await page.goto(`${svc.url}/console`);
    await page.fill('#moderator-key', KEYS.mona);
    await page.press('#moderator-key', 'Enter');
    const firstBeat = page.waitForResponse((r) => r.url().endsWith(`/comments/${heldId}/presence`) && r.request().method() === 'PUT');
    await page.click(`#queue li[data-id="${heldId}"] button.open`);
    await firstBeat;
    await page.waitForSelector('#detail-presence:not([hidden])');
    expect(await page.textContent('#detail-presence')).toBe('Also open by val (viewer). They may act on it too.');
    expect(await beatAs('val')).toEqual(['mona']);

    const left = page.waitForResponse((r) => r.url().endsWith(`/comments/${heldId}/presence`) && r.request().method() === 'DELETE');
    await page.click('#detail button.close');
    expect((await left).status()).toBe(204);
    expect(await page.isHidden('#detail-presence')).toBe(true);
    expect(await beatAs('val')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
