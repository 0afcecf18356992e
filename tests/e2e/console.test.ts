// The moderator console in a real browser against the whole service: sign in,
// evidence marked in the text, keyboard actions that the API agrees with, a
// lost race shown and rolled back, hostile text rendered inert, and a layout
// that holds at phone width.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import blns from '../../data/corpora/profanity/blns.json';
import { postComment, SITE_KEY, startTestService } from '../helpers/service';
import { describeInBrowser, launchChromium } from './browser';

jest.setTimeout(60_000);

// Globals of the page, for the functions that run in the browser (the tests compile without DOM types).
declare const document: any;
declare const sessionStorage: any;
declare const performance: any;

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const KEYS = { alice: 'console-key-alice', bob: 'console-key-bob', vera: 'console-key-vera', pat: 'console-key-pat' };
// alice and vera see news1 only, pat only news2 (where the long queue for paging is), bob every site.
const MODERATOR_KEYS = `alice:${KEYS.alice}:moderator:news1,bob:${KEYS.bob}:admin,vera:${KEYS.vera}:viewer:news1,pat:${KEYS.pat}:moderator:news2`;
const NEWS2_KEY = 'console-site-key-news2';
const LONG_QUEUE = 75;

const naughty = blns as string[];
const pick = (what: string, test: (s: string) => boolean) => {
  const found = naughty.find(test);
  if (!found) throw new Error(`no ${what} in blns.json`);
  return found;
};
// Hostile strings from the corpus: a script tag, an event handler, a right-to-left embedding and Zalgo.
const SCRIPT_TAG = pick('script tag', (s) => s === '<script>alert(123)</script>');
const EVENT_HANDLER = pick('event handler', (s) => s === '<img src=x onerror=alert(123) />');
const RTL_EMBEDDING = pick('right-to-left embedding', (s) => s === '\u202btest\u202b');
const ZALGO = pick('Zalgo text', (s) => /[A-Za-z][\u0300-\u036f]{3}/.test(s));

type Service = Awaited<ReturnType<typeof startTestService>>;

async function moderationApi(svc: Service, who: keyof typeof KEYS, method: string, route: string, body?: object) {
  const res = await fetch(`${svc.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${KEYS[who]}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Many held comments on news2, a few at a time, so the queue needs more than one page. */
async function seedLongQueue(svc: Service): Promise<void> {
  for (let start = 0; start < LONG_QUEUE; start += 5) {
    await Promise.all(Array.from({ length: Math.min(5, LONG_QUEUE - start) }, async (_, k) => {
      const n = start + k;
      const res = await fetch(`${svc.url}/v1/comments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${NEWS2_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `Paging reader ${n}`, text: `Comment number ${n}, write to paging${n}@example.org` }),
      });
      if (res.status !== 201) throw new Error(`seeding news2 answered ${res.status}`);
    }));
  }
}

/** Posts a comment and checks the rules held it, so it shows in the held tab. */
async function seedHeld(svc: Service, name: string, text: string): Promise<string> {
  const res = await postComment(svc.url, { name, text, articleUrl: 'https://news.example/2025/budget' });
  if (res.status !== 201 || res.body.decision !== 'hold') throw new Error(`expected a held comment, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const card = (id: string) => `#queue li[data-id="${id}"]`;

describeInBrowser('moderator console', () => {
  let svc: Service;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  let pageErrors: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const launching = launchChromium();
    // Awaited below, after the service starts; until then a failed launch must not count as unhandled.
    launching.catch(() => undefined);
    // Seeded before the browser looks, so the queue needs no settle delay.
    svc = await startTestService({ MODERATOR_KEYS, SITE_KEYS: `news1:${SITE_KEY},news2:${NEWS2_KEY}`, QUEUE_SETTLE_MS: '0' });
    // A distinct author and an email address in each text: the shipped rules hold those.
    const seedNews1 = async () => {
      ids.profanity = await seedHeld(svc, 'Dana', 'This council is full of dickheads and nobody listens to us.');
      ids.approveMe = await seedHeld(svc, 'Eli', 'Good piece. Mail me at eli.reader@example.org about the budget.');
      ids.race = await seedHeld(svc, 'Fay', 'Write to fay.reader@example.org if you want the minutes.');
      ids.script = await seedHeld(svc, 'Gus', `${SCRIPT_TAG} contact gus@example.org`);
      ids.handler = await seedHeld(svc, `Hal ${EVENT_HANDLER}`, `${EVENT_HANDLER} mail hal@example.org`);
      ids.rtl = await seedHeld(svc, 'Ivy', `${RTL_EMBEDDING} ivy@example.org`);
      // A right-to-left override makes this name display as "admin" and the file name end in "exe.txt".
      ids.override = await seedHeld(svc, '\u202Enimda', 'Open report\u202Etxt.exe and mail ova@example.org');
      ids.zalgo = await seedHeld(svc, 'Jo', `${ZALGO} jo@example.org ${'x'.repeat(300)}`);
      ids.bulk1 = await seedHeld(svc, 'Kai', 'Bulk one, reach me at kai@example.org');
      ids.bulk2 = await seedHeld(svc, 'Lu', 'Bulk two, reach me at lu@example.org');
    };
    await Promise.all([seedNews1(), seedLongQueue(svc)]);
    browser = await launching;
    const queue = await moderationApi(svc, 'bob', 'GET', '/v1/moderation/queue?limit=200');
    if (queue.body.items.length !== Object.keys(ids).length + LONG_QUEUE) throw new Error(`the queue does not show the seeded comments: ${JSON.stringify(queue.body)}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Any alert() from comment text would open a dialog: none may ever open.
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    // Uncaught errors and CSP refusals (an inline style or script) show up here. Refused API calls
    // (the 409 of a lost race) are logged by Chromium as failed loads; those are expected.
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => { if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text()); });
  });
  afterEach(async () => {
    await page.close();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  async function signIn(who: keyof typeof KEYS = 'alice') {
    await page.goto(`${svc.url}/console`);
    await page.fill('#moderator-key', KEYS[who]);
    await page.press('#moderator-key', 'Enter');
    await page.waitForSelector('#queue li.card');
  }

  /** Moves the current comment to `id` with j and k, as a moderator would. */
  async function goTo(id: string) {
    for (let i = 0; i < 30; i++) {
      const order = await page.$$eval('#queue li.card', (cards) => cards.map((c) => ({ id: c.getAttribute('data-id'), current: c.classList.contains('current') })));
      const at = order.findIndex((c) => c.current);
      const want = order.findIndex((c) => c.id === id);
      if (want < 0) throw new Error(`comment ${id} is not in the list`);
      if (at === want) return;
      await page.keyboard.press(at < want ? 'j' : 'k');
    }
    throw new Error(`could not reach comment ${id} with j/k`);
  }

  it('serves the page with the strict CSP, its scripts and styles loaded', async () => {
    const res = await page.goto(`${svc.url}/console`, { waitUntil: 'load' });
    await page.waitForSelector('#moderator-key');
    // Every script and style the page asked for arrived (how fast is the benchmark's business, not a test's).
    const assets = (await page.evaluate(() => performance.getEntriesByType('resource').map((r: any) => ({ name: r.name, status: r.responseStatus }))))
      .filter((r: { name: string }) => /\.(js|css)$/.test(r.name));
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((r: { status: number }) => r.status !== 200)).toEqual([]);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res!.headers()['content-security-policy']).toMatch(/style-src 'self'/);
  });

  it('signs in with a key kept for the tab only, shows who and the held queue with counts', async () => {
    await signIn('alice');
    expect(await page.textContent('#moderator-name')).toBe('alice');
    expect(await page.textContent('#moderator-role')).toBe('moderator');
    expect(page.url()).not.toContain(KEYS.alice);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('moderation-console-key'))).toBe(KEYS.alice);
    await page.waitForFunction(() => document.querySelector('[data-count=held]')?.textContent === '10');
    // Oldest first: the first seeded comment leads.
    expect(await page.$eval('#queue li.card', (c) => c.getAttribute('data-id'))).toBe(ids.profanity);
  });

  it('marks the evidence inside the text and explains the reasons in plain words', async () => {
    await signIn();
    const marks = await page.$$eval(`${card(ids.profanity!)} .comment-text mark`, (m) => m.map((e) => e.textContent));
    expect(marks).toEqual(['dickheads']);
    const reasons = await page.textContent(`${card(ids.profanity!)} .reasons`);
    expect(reasons).toContain('Profanity');
    expect(reasons).toContain('profanity.mild');
    const emailMark = await page.$$eval(`${card(ids.approveMe!)} .comment-text mark`, (m) => m.map((e) => e.textContent));
    expect(emailMark).toEqual(['eli.reader@example.org']);
    expect(await page.getAttribute(`${card(ids.approveMe!)} a.article`, 'href')).toBe('https://news.example/2025/budget');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'queue.png') });
  });

  it('approves with the keyboard: the comment leaves the queue and the API agrees', async () => {
    await signIn();
    await goTo(ids.approveMe!);
    await page.fill('#action-note', 'a reader asking for contact, fine');
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    await page.waitForSelector(card(ids.approveMe!), { state: 'detached' });
    await page.waitForFunction(() => /Approved the comment by Eli/.test(document.getElementById('messages')!.textContent!));
    const stored = await moderationApi(svc, 'alice', 'GET', `/v1/moderation/comments/${ids.approveMe}`);
    expect(stored.body.comment.status).toBe('approve');
    expect(stored.body.history.at(-1)).toMatchObject({ actor: 'alice', to: 'approve', note: 'a reader asking for contact, fine' });
    // The next comment became current, ready for the next key press.
    expect(await page.$eval('#queue li.card.current', (c) => c.getAttribute('data-id'))).toBe(ids.race);
  });

  it('shows a lost race: someone else acted first, the page rolls back and says who', async () => {
    await signIn();
    await goTo(ids.race!);
    // Another moderator rejects the comment behind the page's back.
    expect((await moderationApi(svc, 'bob', 'POST', `/v1/moderation/comments/${ids.race}/actions`, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    await page.keyboard.press('a');
    await page.waitForFunction(() => /Someone else acted first: now rejected by bob/.test(document.getElementById('messages')!.textContent!));
    // Rolled back: still listed, marked with what happened, and the API still says rejected.
    expect(await page.isVisible(card(ids.race!))).toBe(true);
    expect(await page.textContent(`${card(ids.race!)} .card-notice`)).toContain('now rejected by bob');
    expect(await page.textContent(`${card(ids.race!)} .status-badge`)).toBe('rejected');
    const stored = await moderationApi(svc, 'alice', 'GET', `/v1/moderation/comments/${ids.race}`);
    expect(stored.body.comment).toMatchObject({ status: 'reject', version: 2 });

    // The detail shows the whole history: the automatic hold, then bob's reject.
    await page.keyboard.press('o');
    await page.waitForSelector('#detail .history li:nth-child(2)');
    const history = await page.$$eval('#detail .history li', (items) => items.map((i) => i.querySelector('.history-line')!.textContent));
    expect(history[0]).toMatch(/^Automatic decision held/);
    expect(history[1]).toMatch(/^bob \(admin\) held → rejected/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'detail.png') });
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#detail')).toBe(false);
  });

  it('renders script tags, event handlers, right-to-left controls and Zalgo as inert text', async () => {
    await signIn();
    expect(await page.textContent(`${card(ids.script!)} .comment-text`)).toBe(`${SCRIPT_TAG} contact gus@example.org`);
    expect(await page.textContent(`${card(ids.handler!)} .comment-text`)).toBe(`${EVENT_HANDLER} mail hal@example.org`);
    expect(await page.textContent(`${card(ids.handler!)} .author`)).toBe(`Hal ${EVENT_HANDLER}`);
    // Bidirectional controls are shown as marks, not obeyed.
    expect(await page.textContent(`${card(ids.rtl!)} .comment-text`)).toBe('[RLE]test[RLE] ivy@example.org');
    expect(await page.textContent(`${card(ids.zalgo!)} .comment-text`)).toBe(`${ZALGO} jo@example.org ${'x'.repeat(300)}`);
    // Nothing from the text became an element.
    expect(await page.$$eval('#queue script, #queue img, #queue svg', (n) => n.length)).toBe(0);
    // Each hostile card stays inside the list's width and the page never scrolls sideways.
    const listWidth = await page.$eval('#queue', (q) => q.getBoundingClientRect().right);
    for (const id of [ids.rtl!, ids.zalgo!, ids.handler!]) {
      const box = await page.$eval(card(id), (c) => c.getBoundingClientRect().right);
      expect(box).toBeLessThanOrEqual(listWidth + 1);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // Zalgo marks are clipped to their own card: its text box paints nothing outside the card.
    const [zalgoText, zalgoCard] = await page.$eval(card(ids.zalgo!), (c) => [c.querySelector('.comment-text').getBoundingClientRect().bottom, c.getBoundingClientRect().bottom]);
    expect(zalgoText).toBeLessThanOrEqual(zalgoCard);
    await page.locator(card(ids.rtl!)).screenshot({ path: path.join(SCREENSHOTS, 'rtl-card.png') });
    await page.locator(card(ids.zalgo!)).screenshot({ path: path.join(SCREENSHOTS, 'zalgo-card.png') });
    // The same in the detail view, where the full text shows.
    await goTo(ids.handler!);
    await page.keyboard.press('o');
    await page.waitForSelector('#detail .history li');
    expect(await page.textContent('#detail .comment-text')).toBe(`${EVENT_HANDLER} mail hal@example.org`);
    expect(await page.$$eval('#detail script, #detail img', (n) => n.length)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });

  it('shows a right-to-left override in a name or a text as a mark, so "\\u202Enimda" never reads "admin"', async () => {
    await signIn();
    expect(await page.textContent(`${card(ids.override!)} .author`)).toBe('[RLO]nimda');
    expect(await page.textContent(`${card(ids.override!)} .comment-text`)).toBe('Open report[RLO]txt.exe and mail ova@example.org');
    expect(await page.getAttribute(`${card(ids.override!)} .author .bidi-control`, 'title')).toMatch(/right-to-left override \(U\+202E\)/);
    // The card's own label, built from the name, carries the mark too.
    expect(await page.getAttribute(card(ids.override!), 'aria-label')).toMatch(/^Comment by \[RLO\]nimda on news1/);
    // No bidirectional control is left anywhere in the rendered queue, in text or in attributes.
    const left = await page.$eval('#queue', (queue) => {
      const controls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
      const found: string[] = [];
      const walker = document.createTreeWalker(queue, 4 /* text */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (controls.test(n.nodeValue)) found.push(n.nodeValue);
      for (const el of queue.querySelectorAll('*')) for (const a of el.attributes) if (controls.test(a.value)) found.push(`${a.name}=${a.value}`);
      return found;
    });
    expect(left).toEqual([]);
    await page.locator(card(ids.override!)).screenshot({ path: path.join(SCREENSHOTS, 'override-card.png') });
    // The detail view too.
    await goTo(ids.override!);
    await page.keyboard.press('o');
    await page.waitForSelector('#detail .history li');
    expect(await page.textContent('#detail .comment-text')).toBe('Open report[RLO]txt.exe and mail ova@example.org');
    await page.keyboard.press('Escape');
  });

  it('selects with x and rejects them all at once', async () => {
    await signIn();
    await goTo(ids.bulk1!);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    expect(await page.textContent('#selection-summary')).toContain('2 comments selected');
    expect(await page.isVisible('#bulk-buttons')).toBe(true);
    await page.keyboard.press('r');
    await page.waitForFunction(() => /Rejected 2 comments/.test(document.getElementById('messages')!.textContent!));
    for (const id of [ids.bulk1!, ids.bulk2!]) {
      expect(await page.$(card(id))).toBeNull();
      expect((await moderationApi(svc, 'alice', 'GET', `/v1/moderation/comments/${id}`)).body.comment.status).toBe('reject');
    }
    await page.click('#tab-rejected');
    await page.waitForSelector(card(ids.bulk2!));
  });

  it('lets a viewer read but not act', async () => {
    await signIn('vera');
    expect(await page.textContent('#moderator-role')).toBe('viewer');
    expect(await page.$$eval('#queue .card-actions .act-approve', (b) => b.length)).toBe(0);
    await page.keyboard.press('a');
    await page.waitForFunction(() => /can read the queue but not act/.test(document.getElementById('messages')!.textContent!));
    expect((await moderationApi(svc, 'alice', 'GET', `/v1/moderation/comments/${ids.profanity}`)).body.comment.status).toBe('hold');
  });

  it('filters by check and by rule, and offers only the sites the key may see', async () => {
    await signIn();
    // The site list fills in from the stats answer, which may land after the first cards.
    await page.waitForFunction(() => document.querySelectorAll('#filter-site option').length > 1);
    expect(await page.$$eval('#filter-site option', (o) => o.map((e) => e.getAttribute('value')))).toEqual(['', 'news1']);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement.id)).toBe('filter-site');
    await page.selectOption('#filter-check', 'profanity');
    await page.waitForFunction(() => document.querySelectorAll('#queue li.card').length === 1);
    expect(await page.$eval('#queue li.card', (c) => c.getAttribute('data-id'))).toBe(ids.profanity);
    await page.selectOption('#filter-check', '');
    await page.fill('#filter-rule', 'patterns.email');
    await page.press('#filter-rule', 'Enter');
    await page.waitForFunction(() => document.getElementById('queue')!.getAttribute('aria-busy') === 'false');
    const expected = (await moderationApi(svc, 'alice', 'GET', '/v1/moderation/queue?rule=patterns.email')).body.items.map((i: { id: string }) => i.id);
    const shown = await page.$$eval('#queue li.card', (cards) => cards.map((c: any) => c.dataset.id as string));
    expect(expected.length).toBeGreaterThan(1);
    expect(expected).not.toContain(ids.profanity);
    expect(shown).toEqual(expected);
  });

  it('pages through a long queue with the cursor as the moderator scrolls', async () => {
    await signIn('pat');
    await page.waitForFunction(() => document.querySelector('[data-count=held]')?.textContent === '75');
    expect(await page.$$eval('#queue li.card', (c) => c.length)).toBe(50);
    await page.$eval('#queue-end-sentinel', (s) => s.scrollIntoView());
    await page.waitForFunction((n) => document.querySelectorAll('#queue li.card').length === n, LONG_QUEUE);
    // The same comments in the same order as the API's pages, none twice.
    const shown = await page.$$eval('#queue li.card', (cards) => cards.map((c) => c.getAttribute('data-id')));
    const api = (await moderationApi(svc, 'pat', 'GET', '/v1/moderation/queue?limit=200')).body.items.map((i: { id: string }) => i.id);
    expect(shown).toEqual(api);
    expect(new Set(shown).size).toBe(LONG_QUEUE);
    expect(await page.textContent('#queue-status')).toBe(`Showing ${LONG_QUEUE} of ${LONG_QUEUE} held comments, oldest first.`);
    expect(await page.textContent('#load-more')).toBe('Check for newer comments');
  });

  it('shows the shortcuts with ?', async () => {
    await signIn();
    await page.keyboard.press('?');
    expect(await page.isVisible('#help')).toBe(true);
    expect(await page.textContent('#help')).toContain('Select or unselect the current comment');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#help')).toBe(false);
  });

  it('fits a phone-width screen and 200 % zoom without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone.png') });
    // A 1280 px window at 200 % zoom lays out like a 640 px one.
    await page.setViewportSize({ width: 640, height: 450 });
    expect(await overflow()).toBe(0);
  });
});
