// The fast fuzz run (npm test): over a thousand hostile requests against every
// public endpoint of a real listening app on the test database, then hostile
// raw-socket clients. Nothing may get a 5xx, crash the process, hang, leak
// memory without bound, pollute Object.prototype or store structure. Set
// FUZZ_SEED to replay a failing run and FUZZ_CASES for a longer one;
// `npm run chaos` is the long version.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allSlots, blnsCases, randomCase, type FuzzCase, type FuzzKeys } from './cases';
import { loadBlns, Rng, seedFromEnv } from './generators';
import { rawExchange, rawPlans } from './raw-socket';
import { reviewCases } from './review-cases';
import { AcceptedComments } from './stored-check';
import { closeAgent, newTally, runCases, sendCase } from './transport';
import { answerClientErrors } from '../../src/api/client-errors';
import { startTestApp, type TestApp } from '../helpers/app';

jest.setTimeout(120_000);

const seed = seedFromEnv();
const RANDOM_CASES = Number(process.env.FUZZ_CASES) || 700;
// The service uses headersTimeout 10 s and requestTimeout 30 s (service-runner.ts); scaled down here so slow clients are cut off within the test.
const TIMEOUTS = { headersTimeout: 1000, requestTimeout: 2000, connectionsCheckingInterval: 200 };

describe(`fuzzing every public endpoint (FUZZ_SEED=${seed})`, () => {
  let t: TestApp;
  let server: http.Server;
  let port: number;
  let keys: FuzzKeys;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
    t = await startTestApp('fuzz', { moderators: [{ name: 'fuzzadmin', role: 'admin' }] });
    server = http.createServer(TIMEOUTS, t.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const seedComment: FuzzCase = {
      label: 'seed comment', method: 'POST', path: '/v1/comments', format: 'api',
      headers: { Authorization: `Bearer ${t.keys.news1}`, 'Content-Type': 'application/json' }, body: Buffer.from('{"name":"Ann","text":"Held for fuzzing"}'),
    };
    const created = await sendCase(port, seedComment);
    keys = { site: t.keys.news1!, moderator: t.moderatorKeys.fuzzadmin!, commentId: JSON.parse(created.body.toString()).id };
  });

  afterAll(async () => {
    closeAgent();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('answers every generated request below 500, in its endpoint\'s documented format, and stores only data', async () => {
    const rng = new Rng(seed);
    const blns = loadBlns();
    const slots = allSlots();
    const rssBefore = process.memoryUsage().rss;
    const cases = [...blnsCases(blns, keys, slots, false), ...Array.from({ length: RANDOM_CASES }, () => randomCase(rng, blns, keys, slots))];
    const tally = newTally();
    const accepted = new AcceptedComments();
    await runCases(port, cases, tally, { concurrency: 4, after: accepted.collect });

    expect(tally.sent).toBeGreaterThanOrEqual(1000);
    for (const f of tally.failures.slice(0, 100)) process.stdout.write(`FAILED ${f.label}: ${f.problems.join('; ')}\n`);
    expect(tally.failures.slice(0, 20)).toEqual([]);
    expect(accepted.sent.size).toBeGreaterThan(50);
    expect(await accepted.problems(t.conn)).toEqual([]);
    // Generous: the run itself allocates its cases; unbounded growth would be far beyond this.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    process.stdout.write(`fuzz: ${tally.sent} requests, by status ${JSON.stringify(tally.byStatus)}, ${accepted.sent.size} comments stored and read back\n`);
  });

  it('answers the security review\'s requests as its findings were fixed', async () => {
    const tally = newTally();
    // One at a time, as the reviewer sent them: the answers are judged, not the concurrency.
    await runCases(port, reviewCases(keys), tally, { concurrency: 1 });
    for (const f of tally.failures.slice(0, 50)) process.stdout.write(`FAILED ${f.label}: ${f.problems.join('; ')}\n`);
    expect(tally.failures).toEqual([]);
    expect(tally.sent).toBeGreaterThanOrEqual(90);
  });

  it('leaves Object.prototype untouched after every __proto__ and constructor payload', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });

  it.each(Object.keys(rawPlans('k', 1, 1)))('answers or cuts off a raw client: %s', async (name) => {
    const plan = rawPlans(keys.site, 8000, 100)[name]!;
    const outcome = await rawExchange(port, plan);
    expect(outcome.hung).toBe(false);
    if (outcome.status !== null) {
      expect(outcome.status).toBeLessThan(500);
      if (outcome.status >= 400) {
        const body = outcome.raw.slice(outcome.raw.indexOf('\r\n\r\n') + 4);
        expect(JSON.parse(body).error.code).toEqual(expect.any(String));
      }
    }
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});
