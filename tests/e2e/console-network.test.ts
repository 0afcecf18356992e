// The console as a newsroom reaches it: over plain HTTP at an address that is
// not this machine's loopback (a LAN address, a compose host name), where
// browsers apply `upgrade-insecure-requests` (they exempt loopback). The
// service runs in a network namespace this test creates, at 10.213.x.2, and
// the browser reaches it over a veth pair; no packet leaves the machine.
//
// Also here, the console's first-hour details: a stale sign-in error, where a
// key comes from, the keys on the buttons, the last human action on a card,
// no favicon 404, and a sign-in form that never puts the key in an address.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, REPO_ROOT } from '../helpers/build';
import { describeInBrowser, launchChromium } from './browser';

jest.setTimeout(120_000);

declare const document: any;
declare const getComputedStyle: any;

const SITE_KEY = 'network-site-key';
const MODERATOR = 'network-moderator-key';
const NAMESPACE = `modc${process.pid % 100_000}`;
const SUBNET = `10.213.${process.pid % 250}`;
const HOST = `${SUBNET}.2`;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Creates the namespace and the veth pair; false (and why) when this machine does not allow it. */
function makeNetwork(): string | null {
  try {
    ip('netns', 'add', NAMESPACE);
    ip('link', 'add', `${NAMESPACE}a`, 'type', 'veth', 'peer', 'name', `${NAMESPACE}b`);
    // No IPv6 link-local addresses: the kernel would add them a moment after the links come up, and
    // Chromium aborts requests in flight when the machine's addresses change (ERR_NETWORK_CHANGED),
    // which under load could land in the middle of the page load.
    ip('link', 'set', `${NAMESPACE}a`, 'addrgenmode', 'none');
    ip('link', 'set', `${NAMESPACE}b`, 'addrgenmode', 'none');
    ip('link', 'set', `${NAMESPACE}b`, 'netns', NAMESPACE);
    ip('addr', 'add', `${SUBNET}.1/30`, 'dev', `${NAMESPACE}a`);
    ip('link', 'set', `${NAMESPACE}a`, 'up');
    ip('netns', 'exec', NAMESPACE, 'ip', 'addr', 'add', `${HOST}/30`, 'dev', `${NAMESPACE}b`);
    ip('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', `${NAMESPACE}b`, 'up');
    ip('netns', 'exec', NAMESPACE, 'ip', 'link', 'set', 'lo', 'up');
    return null;
  } catch (err) {
    dropNetwork();
    return String((err as { stderr?: Buffer }).stderr ?? err).trim();
  }
}

function dropNetwork(): void {
  // Deleting the namespace deletes its end of the pair, and with it ours.
  try { ip('netns', 'del', NAMESPACE); } catch { /* not made */ }
  try { ip('link', 'del', `${NAMESPACE}a`); } catch { /* gone with the namespace */ }
}

async function api(url: string, key: string, method: string, route: string, body?: object) {
  const res = await fetch(`${url}${route}`, { method, headers: { Authorization: `Bearer ${key}`, ...(body && { 'Content-Type': 'application/json' }) }, body: body && JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describeInBrowser('the console over plain HTTP at a non-loopback address', () => {
  let service: ChildProcess | undefined;
  let browser: Browser;
  let url = '';
  let page: Page;
  let networkProblem: string | null = null;

  beforeAll(async () => {
    ensureBuilt();
    networkProblem = makeNetwork();
    if (networkProblem) throw new Error(`cannot make a network namespace for this test (run as root, with iproute2): ${networkProblem}`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'console-network-'));
    service = spawn('ip', ['netns', 'exec', NAMESPACE, process.execPath, path.join(REPO_ROOT, 'dist/main.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOST, PORT: '0', DATA_DIR: dataDir, MONGODB_URI: '', LOG_LEVEL: 'info', QUEUE_SETTLE_MS: '0', SITE_KEYS: `news1:${SITE_KEY}`, MODERATOR_KEYS: `bob:${MODERATOR}:admin` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    url = await new Promise<string>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        log += chunk.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
        if (m) resolve(m[1]!);
      };
      service!.stdout!.on('data', look);
      service!.stderr!.on('data', look);
      service!.once('exit', (code) => reject(new Error(`the service exited (${code}):\n${log}`)));
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    dropNetwork();
  });

  beforeEach(async () => { page = await browser.newPage(); });
  afterEach(async () => { await page.close(); });

  it('loads its styles and scripts over HTTP: no upgrade to https for a page that came over HTTP', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`.trim()));
    const res = await page.goto(`${url}/console`, { waitUntil: 'load' });
    expect(res!.headers()['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(failed).toEqual([]);
    // console.css sets the page's own font; an unstyled page keeps the browser's default.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toBe('"Times New Roman"');
    // The script ran: signing in works.
    await page.fill('#moderator-key', MODERATOR);
    await page.press('#moderator-key', 'Enter');
    await page.waitForSelector('#workspace:not([hidden])');
    expect(page.url()).toBe(`${url}/console`);
  });

  it('never sends the key in an address, even when its script does not run', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const bare = await context.newPage();
      const requests: Array<{ method: string; url: string }> = [];
      bare.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
      await bare.goto(`${url}/console`);
      await bare.fill('#moderator-key', MODERATOR);
      await Promise.all([bare.waitForNavigation(), bare.press('#moderator-key', 'Enter')]);
      expect(requests.some((r) => r.method === 'POST' && r.url === `${url}/console`)).toBe(true);
      expect(requests.filter((r) => r.url.includes(MODERATOR))).toEqual([]);
      expect(bare.url()).toBe(`${url}/console`);
    } finally {
      await context.close();
    }
  });

  it('drops a failed sign-in\'s error once a good key signs in, and says where keys come from', async () => {
    await page.goto(`${url}/console`);
    expect(await page.textContent('#sign-in')).toMatch(/moderate keys add NAME --role moderator/);
    await page.fill('#moderator-key', 'not-a-key');
    await page.press('#moderator-key', 'Enter');
    await page.waitForFunction(() => /not a valid moderator key/.test(document.getElementById('messages').textContent));
    await page.fill('#moderator-key', MODERATOR);
    await page.press('#moderator-key', 'Enter');
    await page.waitForSelector('#workspace:not([hidden])');
    expect(await page.textContent('#messages')).toBe('');
  });

  it('shows each button\'s key, and the last moderator\'s action on a decided comment', async () => {
    const posted = await api(url, SITE_KEY, 'POST', '/v1/comments', { name: 'Nia', text: 'Write to me at nia.reader@example.org about the budget' });
    expect(posted.body.decision).toBe('hold');
    const other = await api(url, SITE_KEY, 'POST', '/v1/comments', { name: 'Ola', text: 'Write to me at ola.reader@example.org about the bridge' });
    expect((await api(url, MODERATOR, 'POST', `/v1/moderation/comments/${other.body.id}/actions`, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    await page.goto(`${url}/console`);
    await page.fill('#moderator-key', MODERATOR);
    await page.press('#moderator-key', 'Enter');
    await page.waitForSelector(`#queue li[data-id="${posted.body.id}"]`);
    expect(await page.textContent(`#queue li[data-id="${posted.body.id}"] .act-approve`)).toMatch(/Approve\s*a/);
    expect(await page.getAttribute(`#queue li[data-id="${posted.body.id}"] .act-reject`, 'aria-keyshortcuts')).toBe('r');
    await page.click('#tab-rejected');
    await page.waitForSelector(`#queue li[data-id="${other.body.id}"] .last-action`);
    expect(await page.textContent(`#queue li[data-id="${other.body.id}"] .last-action`)).toMatch(/^Rejected by bob \(admin\)/);
  });

  it('answers the browser\'s own favicon request without a 404', async () => {
    const res = await fetch(`${url}/favicon.ico`);
    expect(res.status).toBe(204);
    expect((await fetch(`${url}/console/favicon.svg`)).status).toBe(200);
  });
});
