// The author panel of the console's comment detail, in a real browser: the
// author's record and policy are shown, a moderator sets a policy with notes
// and the API agrees; a viewer sees the panel without the form; an edited
// comment shows both of its texts in the history.
import type { Browser, Page } from 'playwright-core';
import { postComment, SITE_KEY, startTestService } from '../helpers/service';
import { describeInBrowser, launchChromium } from './browser';

jest.setTimeout(60_000);

const KEYS = { mona: 'panel-key-mona', val: 'panel-key-val' };
const AUTHOR = 'reader-4711';

type Service = Awaited<ReturnType<typeof startTestService>>;

describeInBrowser('console author panel', () => {
  let svc: Service;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let heldId = '';

  beforeAll(async () => {
    const launching = launchChromium();
    launching.catch(() => undefined);
    svc = await startTestService({ MODERATOR_KEYS: `mona:${KEYS.mona}:moderator,val:${KEYS.val}:viewer`, QUEUE_SETTLE_MS: '0' });
    const calm = await postComment(svc.url, { name: 'Ruth', text: 'A calm word about the harbour plans.', authorId: AUTHOR });
    if (calm.body.decision !== 'approve') throw new Error(`expected an approved comment, got ${JSON.stringify(calm.body)}`);
    const held = await postComment(svc.url, { name: 'Ruth', text: 'Write to ruth.reader@example.org about the harbour.', authorId: AUTHOR });
    if (held.body.decision !== 'hold') throw new Error(`expected a held comment, got ${JSON.stringify(held.body)}`);
    heldId = held.body.id;
    browser = await launching;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => { if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text()); });
  });
  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  async function openHeld(who: keyof typeof KEYS) {
    await page.goto(`${svc.url}/console`);
    await page.fill('#moderator-key', KEYS[who]);
    await page.press('#moderator-key', 'Enter');
    await page.click(`#queue li[data-id="${heldId}"] button.open`);
    await page.waitForSelector('.author-panel .author-counts');
  }

  it("shows the author's record and saves a policy with notes, audited", async () => {
    await openHeld('mona');
    expect(await page.textContent('.author-panel h3')).toContain(AUTHOR);
    expect(await page.textContent('.author-counts')).toBe('2: 1 approved, 1 held, 0 rejected');
    expect(await page.$$eval('.author-latest li', (items) => items.map((li) => li.getAttribute('data-id')))).toContain(heldId);
    expect(await page.getAttribute('.author-mode', 'data-mode')).toBe('normal');

    await page.selectOption('.author-form select[name=mode]', 'premod');
    await page.fill('.author-form textarea[name=notes]', 'Posts contact details; watch.');
    await page.click('.author-form button[type=submit]');
    await page.waitForSelector('.author-mode[data-mode=premod]');
    expect(await page.textContent('.author-notes-text')).toBe('Posts contact details; watch.');
    expect(await page.textContent('.author-audit')).toContain('mona');

    const res = await fetch(`${svc.url}/v1/moderation/authors/news1/${AUTHOR}`, { headers: { Authorization: `Bearer ${KEYS.val}` } });
    const record = (await res.json()) as any;
    expect(record.policy).toMatchObject({ mode: 'premod', notes: 'Posts contact details; watch.', updatedBy: 'mona' });
    expect(record.audit[0]).toMatchObject({ actor: 'mona', role: 'moderator', change: { mode: 'premod' } });
  });

  it('shows a viewer the panel without the form, and both texts of an edited comment', async () => {
    const edit = await fetch(`${svc.url}/v1/comments/${heldId}`, {
      method: 'PUT', headers: { Authorization: `Bearer ${SITE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Edited: write to ruth.second@example.org instead.' }),
    });
    expect(edit.status).toBe(200);
    await openHeld('val');
    expect(await page.$('.author-form')).toBeNull();
    const texts = await page.$$eval('.history .history-text', (quotes) => quotes.map((q) => q.textContent));
    expect(texts).toEqual(['Write to ruth.reader@example.org about the harbour.', 'Edited: write to ruth.second@example.org instead.']);
    expect(await page.textContent('.history-edit .history-line')).toContain('Edited by site:news1');
  });
});
