// Webhooks never reach internal addresses, and never read a whole answer.
// Internal addresses here are only strings the code must refuse: requests
// go through a stand-in that records where a connection would go and never
// opens one, and names resolve through a stand-in resolver. The only real
// connections are to receivers this file runs on 127.0.0.1, allowed by
// WEBHOOK_ALLOW_PRIVATE_TARGETS as an operator would.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setSiteWebhook } from '../../src/cli/sites';
import { guardedLookup, MAX_RESPONSE_BYTES, postWebhook, type Resolver } from '../../src/service/webhooks/http-post';
import { addressKind, checkWebhookUrl, WebhookTargetRefused } from '../../src/service/webhooks/target-policy';
import { WebhookWorker } from '../../src/service/webhooks/worker';
import { deliveryModel } from '../../src/store/delivery-model';
import { embeddedTestIndex, startTestApp, type TestApp } from '../helpers/app';
import { postHeld, actOn } from '../helpers/moderation';

/** Where connections would go, from requests that never open one. */
function standInRequest(): { request: typeof http.request; wouldConnect: string[]; made: number } {
  const seen = { wouldConnect: [] as string[], made: 0 };
  const request = ((url: URL, options: { lookup?: (h: string, o: object, cb: (err: Error | null, a: Array<{ address: string }>) => void) => void }) => {
    seen.made++;
    const req = Object.assign(new EventEmitter(), {
      destroy: () => {},
      end: () => {
        const fail = (err: Error) => process.nextTick(() => req.emit('error', err));
        if (!options.lookup) {
          seen.wouldConnect.push(url.hostname);
          return fail(new Error('stand-in: would connect'));
        }
        options.lookup(url.hostname, { all: true }, (err, addresses) => {
          if (err) return fail(err);
          seen.wouldConnect.push(...addresses.map((a) => a.address));
          fail(new Error('stand-in: would connect'));
        });
      },
    });
    return req;
  }) as unknown as typeof http.request;
  return Object.assign(seen, { request });
}

const resolvesTo = (...addresses: string[]): Resolver => (_name, cb) => cb(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

const REVIEW_TARGETS = [
  'http://127.0.0.1/hook', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook', 'http://[::1]/hook',
  'http://0.0.0.0/hook', 'http://2130706433/hook', 'http://user:pass@hooks.example.org/hook',
];
const MORE_TARGETS = [
  'http://0x7f.1/', 'http://017700000001/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/',
  'http://172.16.5.4/', 'http://192.168.1.1/', 'http://[fe80::1]/', 'http://[fc00::1]/', 'http://224.0.0.1/', 'http://255.255.255.255/',
  'http://[::]/', 'http://localhost/', 'http://a.localhost./', 'http://metadata.google.internal/', 'http://[2002:7f00:1::]/', 'http://[64:ff9b::a00:1]/',
];

describe('webhook targets', () => {
  it.each([...REVIEW_TARGETS, ...MORE_TARGETS])('refuses %s as written, without connecting', async (url) => {
    expect(() => checkWebhookUrl(url, false)).toThrow(WebhookTargetRefused);
    const standIn = standInRequest();
    await expect(postWebhook(url, {}, '{}', { timeoutMs: 1000, allowPrivate: false, request: standIn.request })).rejects.toThrow(WebhookTargetRefused);
    expect(standIn.made).toBe(0);
  });

  it('lets an operator allow loopback and private targets, never link-local, metadata or credentials', () => {
    for (const url of ['http://127.0.0.1:8080/h', 'http://[::1]/h', 'http://10.0.0.1/h', 'http://localhost/h', 'http://192.168.1.1/h']) expect(checkWebhookUrl(url, true).href).toBe(new URL(url).href);
    for (const url of ['http://169.254.169.254/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://user:pass@127.0.0.1/']) {
      expect(() => checkWebhookUrl(url, true)).toThrow(WebhookTargetRefused);
    }
  });

  it('names the kind of each address', () => {
    expect(['8.8.8.8', '2606:4700::1111', '93.184.216.34'].map(addressKind)).toEqual(['public', 'public', 'public']);
    expect(['169.254.169.254', '169.254.1.1', '10.1.2.3', '::ffff:10.1.2.3', '127.0.0.53', '0.0.0.0'].map(addressKind)).toEqual(['metadata', 'link-local', 'private', 'private', 'loopback', 'unspecified']);
  });

  it('checks the addresses a name resolves to when connecting, so a name that rebinds to an internal address is refused', async () => {
    for (const internal of [['10.0.0.1'], ['169.254.169.254'], ['93.184.216.34', '127.0.0.1'], ['::1']]) {
      const standIn = standInRequest();
      const sent = postWebhook('https://hooks.rebinding.test/h', {}, '{}', { timeoutMs: 1000, allowPrivate: false, resolve: resolvesTo(...internal), request: standIn.request });
      await expect(sent).rejects.toThrow(WebhookTargetRefused);
      expect(standIn.wouldConnect).toEqual([]);
    }
    // A public answer is what the connection gets (the stand-in stops there).
    const standIn = standInRequest();
    await expect(postWebhook('https://hooks.example.test/h', {}, '{}', { timeoutMs: 1000, allowPrivate: false, resolve: resolvesTo('93.184.216.34'), request: standIn.request })).rejects.toThrow('stand-in');
    expect(standIn.wouldConnect).toEqual(['93.184.216.34']);
  });

  it('answers a lookup in both of the forms Node asks for', async () => {
    const lookup = guardedLookup(false, resolvesTo('93.184.216.34', '2606:4700::1111'));
    const one = await new Promise((resolve) => lookup('x.test', { family: 6 }, (_e, address, family) => resolve([address, family])));
    expect(one).toEqual(['2606:4700::1111', 6]);
    const all = await new Promise((resolve) => lookup('x.test', { all: true }, (_e, addresses) => resolve(addresses)));
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1111', family: 6 }]);
  });
});

/** A receiver on 127.0.0.1 that answers 200 and then writes forever, as fast as it is read. */
async function endlessReceiver() {
  let written = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      for (let more = true; more && !res.destroyed; ) {
        written += chunk.length;
        more = res.write(chunk);
      }
    };
    res.on('drain', pump);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const closedByClient = new Promise<void>((resolve) => server.on('connection', (socket) => socket.on('close', () => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    written: () => written,
    closedByClient,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the webhook worker', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('webhook_targets', { moderators: [{ name: 'mo', role: 'moderator' }] }); });
  afterAll(async () => { await t.close(); });

  it('refuses a target stored before the checks, before connecting, and does not retry it', async () => {
    await setSiteWebhook(t.store, 'news1', { url: 'http://169.254.169.254/latest/meta-data/', secret: 'a-secret-of-enough-length', events: ['comment.moderated'] });
    const id = await postHeld(t, 'news1');
    expect((await actOn(t, 'mo', id, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    const standIn = standInRequest();
    // As the service runs it: on the embedded database due deliveries come from its SQLite index.
    let attempted!: (result: string) => void;
    const outcome = new Promise<string>((resolve) => { attempted = resolve; });
    const worker = new WebhookWorker(t.store, { owner: 'targets', pollMs: 20, request: standIn.request, onAttempt: (r) => attempted(r) }).start();
    try {
      expect(await outcome).toBe('failed');
    } finally {
      await worker.stop();
    }
    const delivery = await deliveryModel(t.conn).findOne({ commentId: id }).lean();
    expect(delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(delivery!.log[0]!.error).toMatch(/refused: 169\.254\.169\.254 is a cloud metadata address/);
    expect(standIn.made).toBe(0);
  });

  it('reads at most a few KB of an answer that never ends, drops the connection, and records the delivery', async () => {
    const endless = await endlessReceiver();
    try {
      const status = await postWebhook(endless.url, {}, '{}', { timeoutMs: 30_000, allowPrivate: true });
      expect(status).toBe(200);
      // The client dropped the connection instead of reading on.
      await endless.closedByClient;
      expect(endless.written()).toBeGreaterThan(MAX_RESPONSE_BYTES);

      // The worker records such a delivery as delivered, within its timeout (reading it all never ended).
      const again = await endlessReceiver();
      await setSiteWebhook(t.store, 'news2', { url: again.url, secret: 'a-secret-of-enough-length', events: ['comment.moderated'] });
      const id = await postHeld(t, 'news2');
      expect((await actOn(t, 'mo', id, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
      let attempted!: (result: string) => void;
      const outcome = new Promise<string>((resolve) => { attempted = resolve; });
      const worker = new WebhookWorker(t.store, {
        owner: 'endless', pollMs: 20, timeoutMs: 20_000, allowPrivateTargets: true, onAttempt: (r) => attempted(r),
      }).start();
      try {
        expect(await outcome).toBe('delivered');
        // Socket buffers hold a few MB at most; reading on until the timeout took in hundreds.
        expect(again.written()).toBeLessThan(64 * 1024 * 1024);
      } finally {
        await worker.stop();
        await again.close();
      }
    } finally {
      await endless.close();
    }
  }, 60_000);
});
