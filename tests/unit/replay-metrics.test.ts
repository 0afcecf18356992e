// The pure parts of replay: transitions, agreement with moderators,
// --fail-if parsing and evaluation, the windowed history and read-ahead.
import { prepare } from '../../src/moderation/engine';
import type { Action } from '../../src/moderation/types';
import { Agreement } from '../../src/ruleset/replay/agreement';
import { evaluateFailIf, FailIfSyntaxError, parseFailIf, type Metrics } from '../../src/ruleset/replay/fail-if';
import { moderatorDecision, type ReplayOutcome } from '../../src/ruleset/replay/outcome';
import { ReplayHistoryStore } from '../../src/ruleset/replay/replay-history';
import { TransitionCounter } from '../../src/ruleset/replay/transitions';
import { renderTable } from '../../src/ruleset/replay/table';
import { readAhead } from '../../src/cli/replay/read-ahead';
import { parseReplayArgs, parseSince } from '../../src/cli/replay/args';

const outcome = (id: number, before: Action, after: Action): ReplayOutcome => ({
  id: `c${id}`, site: 's', createdAt: new Date(id * 1000), text: 't',
  before: { action: before, reasons: [] }, after: { action: after, reasons: [] }, moderator: null,
});

describe('moderatorDecision', () => {
  it.each([
    [{ decision: { action: 'approve' }, status: 'approve', version: 1 }, null],
    [{ decision: { action: 'approve' }, status: 'hold', version: 1 }, 'hold'],
    [{ decision: { action: 'hold' }, status: 'hold', version: 2 }, 'hold'],
    [{ decision: { action: 'hold' }, status: 'approve', version: 3 }, 'approve'],
    // Who acted last, where the comment keeps it: a person confirming the decision counts.
    [{ decision: { action: 'hold' }, status: 'hold', version: 2, lastAction: { actor: 'mo' } }, 'hold'],
    // Edited after the person's decision: the new text has not been judged by anyone.
    [{ decision: { action: 'hold' }, status: 'hold', version: 3, lastAction: null }, null],
    [{ decision: { action: 'approve' }, status: 'approve', version: 2, lastAction: null }, null],
    // The hold readers' reports made is not a person's decision.
    [{ decision: { action: 'approve' }, status: 'hold', version: 2, lastAction: { actor: 'system:reports' } }, null],
  ] as const)('%j -> %s', (doc, expected) => {
    expect(moderatorDecision(doc)).toBe(expected);
  });
});

describe('TransitionCounter', () => {
  it('counts changes by direction and keeps at most K samples each', () => {
    const counter = new TransitionCounter(2);
    for (let i = 0; i < 10; i++) counter.add(outcome(i, 'approve', 'hold'));
    counter.add(outcome(10, 'hold', 'reject'));
    counter.add(outcome(11, 'hold', 'hold'));
    expect(counter.total).toBe(12);
    expect(counter.changed).toBe(11);
    const [first, second] = counter.transitions();
    expect(first).toMatchObject({ from: 'approve', to: 'hold', count: 10 });
    expect(first!.samples).toHaveLength(2);
    expect(second).toMatchObject({ from: 'hold', to: 'reject', count: 1, samples: [{ id: 'c10' }] });
    expect(counter.before).toEqual({ approve: 10, hold: 2, reject: 0 });
    expect(counter.after).toEqual({ approve: 0, hold: 11, reject: 1 });
  });

  it('samples from the whole stream, not just its start', () => {
    const counter = new TransitionCounter(5);
    for (let i = 0; i < 1000; i++) counter.add(outcome(i, 'approve', 'reject'));
    const ids = counter.transitions()[0]!.samples.map((s) => Number(s.id.slice(1)));
    expect(ids.some((i) => i >= 500)).toBe(true);
  });
});

describe('Agreement', () => {
  it('computes precision, recall and F1 with not-approved as positive', () => {
    const a = new Agreement();
    a.add('hold', 'reject'); // tp
    a.add('reject', 'hold'); // tp
    a.add('hold', 'approve'); // fp
    a.add('approve', 'reject'); // fn
    a.add('approve', 'approve'); // tn
    expect(a.scores()).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 1, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
  });

  it('leaves undefined metrics null instead of inventing a number', () => {
    const a = new Agreement();
    a.add('approve', 'approve');
    expect(a.scores()).toMatchObject({ precision: null, recall: null, f1: null });
  });
});

describe('--fail-if', () => {
  const metrics = { precision: 0.9, recall: null, changed: 12, changed_rate: 0.25 } as unknown as Metrics;

  it('parses metric, operator and threshold, percentages included', () => {
    expect(parseFailIf('precision<0.95')).toMatchObject({ metric: 'precision', operator: '<', threshold: 0.95 });
    expect(parseFailIf(' changed_rate >= 5% ')).toMatchObject({ metric: 'changed_rate', operator: '>=', threshold: 0.05 });
  });

  it.each(['precision', 'precision<<1', 'accuracy<0.9', 'precision<abc', '<0.9'])('rejects "%s"', (text) => {
    expect(() => parseFailIf(text)).toThrow(FailIfSyntaxError);
  });

  it('fails a candidate when the condition holds', () => {
    const results = evaluateFailIf(['precision<0.95', 'precision<0.9', 'precision<=0.9', 'changed>12', 'changed_rate==25%'].map(parseFailIf), metrics);
    expect(results.map((r) => r.failed)).toEqual([true, false, true, false, true]);
  });

  it('fails a condition whose metric is undefined, saying why', () => {
    expect(evaluateFailIf([parseFailIf('recall<0.5')], metrics)).toEqual([
      { condition: 'recall<0.5', value: null, failed: true, note: 'recall is undefined for this replay' },
    ]);
  });
});

describe('replay arguments', () => {
  it('collects repeated --fail-if and the --json switch', () => {
    const args = parseReplayArgs(['--rules', 'r', '--json', '--fail-if', 'precision<0.9', '--fail-if=recall<0.8', '--limit', '10']);
    expect(args).toMatchObject({ rulesDir: 'r', json: true, limit: 10, sampleSize: 3 });
    expect(args.failIf.map((c) => c.metric)).toEqual(['precision', 'recall']);
  });

  it('reads ISO dates as UTC and refuses others', () => {
    expect(parseSince('2025-03-01').toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(parseSince('2025-03-01T12:30:00+02:00').toISOString()).toBe('2025-03-01T10:30:00.000Z');
    expect(() => parseSince('March 1')).toThrow(/--since/);
    expect(() => parseSince('2025-02-30x')).toThrow(/--since/);
    expect(() => parseSince('2025-02-30')).toThrow(/--since/);
  });
});

describe('ReplayHistoryStore', () => {
  const comment = (name: string, text: string) => prepare({ site: 's', name, text });

  it('sees earlier comments of the same author inside the window', async () => {
    const store = new ReplayHistoryStore(600);
    await store.recordAndFetch(comment('ann', 'first'), 'c1', 0, 600);
    const snapshot = await store.recordAndFetch(comment('ann', 'second'), 'c2', 1000, 600);
    expect(snapshot.byAuthor.map((e) => e.commentId)).toEqual(['c1']);
    const later = await store.recordAndFetch(comment('ann', 'third'), 'c3', 700_000, 600);
    expect(later.byAuthor).toEqual([]);
  });

  it('forgets keys whose events all left the window, so memory follows one window of traffic', async () => {
    const store = new ReplayHistoryStore(60, 200, 100);
    for (let i = 0; i < 5000; i++) await store.recordAndFetch(comment(`author${i}`, `text number ${i}`), `c${i}`, i * 1000, 60);
    // Two keys (author, text) per comment, about 60 comments inside a 60 s window, swept every 100.
    expect(store.keyCount).toBeLessThan(2 * (60 + 100) + 2);
  });
});

describe('readAhead', () => {
  async function* numbers(n: number, onClose: () => void) {
    try {
      for (let i = 0; i < n; i++) {
        if (i % 7 === 0) await new Promise((r) => setImmediate(r));
        yield i;
      }
    } finally {
      onClose();
    }
  }

  it('yields every item in order', async () => {
    const out: number[] = [];
    for await (const n of readAhead(numbers(1000, () => {}), { maxBuffered: 10 })) out.push(n);
    expect(out).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    for await (const n of readAhead(numbers(1000, () => { closed = true; }), { maxBuffered: 10 })) if (n === 5) break;
    expect(closed).toBe(true);
  });

  it('passes on a failure of the source', async () => {
    async function* failing() { yield 1; throw new Error('cursor died'); }
    const read = async () => { for await (const _ of readAhead(failing(), { maxBuffered: 10 })) { /* drain */ } };
    await expect(read()).rejects.toThrow('cursor died');
  });
});

describe('renderTable', () => {
  it('pads columns and right-aligns numbers', () => {
    expect(renderTable(['rules', 'tp'], [['stored', 2], ['candidate', 10]])).toBe(
      'rules      tp\n---------  --\nstored      2\ncandidate  10\n',
    );
  });
});
