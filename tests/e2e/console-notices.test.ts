// The reported tab in a real browser: a reported comment with its reports
// grouped by reason, muting a reporter, and keeping the comment published,
// which closes its reports and empties the tab; the counts poll with an ETag.
import type { Browser, Page } from 'playwright-core';
import { SITE_KEY, startTestService } from '../helpers/service';
import { describeInBrowser, launchChromium } from './browser';

jest.setTimeout(60_000);

const KEY = 'console-notices-key-mo';
type Service = Awaited<ReturnType<typeof startTestService>>;

async function siteCall(svc: Service, route: string, body: object) {
  const res = await fetch(`${svc.url}${route}`, { method: 'POST', headers: { Authorization: `Bearer ${SITE_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describeInBrowser('console: reported tab', () => {
  let svc: Service;
  let browser: Browser;
  let page: Page;
  let commentId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const launching = launchChromium();
    launching.catch(() => undefined);
    svc = await startTestService({ MODERATOR_KEYS: `mo:${KEY}:moderator`, QUEUE_SETTLE_MS: '0' });
    const posted = await siteCall(svc, '/v1/comments', { name: 'Mara', text: 'The ferry timetable changes again next week.' });
    commentId = posted.body.id;
    expect((await siteCall(svc, `/v1/comments/${commentId}/reports`, { reason: 'spam', reporterId: 'reader-a', note: 'Posted under every article' })).status).toBe(201);
    expect((await siteCall(svc, `/v1/comments/${commentId}/reports`, { reason: 'spam', reporterId: 'reader-b' })).status).toBe(201);
    expect((await siteCall(svc, `/v1/comments/${commentId}/reports`, { reason: 'abuse', reporterId: 'reader-c' })).status).toBe(201);
    browser = await launching;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => { if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text()); });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('shows the reported comment with its reports grouped, mutes a reporter, and closes the reports on a decision', async () => {
    const counts: number[] = [];
    page.on('response', (res) => { if (res.url().endsWith('/v1/moderation/notices/counts')) counts.push(res.status()); });
    await page.goto(`${svc.url}/console`);
    await page.fill('#moderator-key', KEY);
    await page.press('#moderator-key', 'Enter');
    await page.waitForSelector('[data-count="reported"]:text("1")');
    await page.click('#tab-reported');
    const card = `#notices li[data-id="${commentId}"]`;
    await page.waitForSelector(card);
    expect(await page.isHidden('#queue')).toBe(true);
    const groups = await page.$$eval(`${card} .report-group`, (els) => els.map((e) => e.textContent));
    expect(groups.sort()).toEqual(['Abuse × 1', 'Spam × 2']);
    expect(await page.textContent(`${card} .card-meta`)).toContain('3 of 3 open reports counted');

    await page.click(`${card} summary`);
    await page.click(`${card} button[data-mute]`);
    await page.waitForSelector(`${card} .card-meta:has-text("2 of 3 open reports counted")`);

    await page.click(`${card} button.act-approve`);
    await page.waitForSelector('#notices li:has-text("No reported comments.")');
    await page.waitForSelector('[data-count="reported"]:text("0")');
    const res = await fetch(`${svc.url}/v1/moderation/reported`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(((await res.json()) as any).items).toEqual([]);
    expect(counts.every((s) => s === 200 || s === 304)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
