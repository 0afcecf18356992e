// `moderate eval` in-process: hand-computed precision and recall on a small
// file, the three input formats, the threshold sweep and its SVG, and user
// errors that must exit 2 with one line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runModerate } from '../helpers/cli';

const run = (argv: string[], cwd = process.cwd()) => runModerate(['eval', ...argv], { cwd });

const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-cli-'));
// Rules that hold exactly the comments longer than 20 characters, so the expected counts are plain arithmetic.
const rules = path.join(dir, 'rules');
mkdirSync(rules);
writeFileSync(
  path.join(rules, 'default.yaml'),
  ['checks:', '  validity: { maxLength: 20, tooLongAction: hold }', ...['profanity', 'links', 'patterns', 'shape', 'history', 'classifier'].map((c) => `  ${c}: { enabled: false }`), ''].join('\n'),
);

// long = held; label 1 = positive.
// tp: rows 2, 3   fp: row 5   fn: rows 4, 7   tn: rows 1, 6
// precision 2/3 = 0.667, recall 2/4 = 0.500, F1 = 2*(2/3)(1/2)/(2/3+1/2) = 0.571
const csv = [
  'id,comment,label',
  '1,short ok,0',
  '2,this one is definitely longer than twenty,1',
  '3,"another long comment, with a comma',
  'and a newline inside the quotes",1',
  '4,tiny,1',
  '5,yet another quite long comment here,0',
  '6,ok,0',
  '7,no,1',
  '',
].join('\n');
writeFileSync(path.join(dir, 'small.csv'), csv);

describe('moderate eval', () => {
  it('prints precision, recall, F1 and the confusion matrix of "not approved" against the label', async () => {
    const r = await run(['--data', 'small.csv', '--text-col', 'comment', '--label-col', 'label', '--rules', 'rules'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('7 rows, 4 positive');
    expect(r.stdout).toMatch(/not approved\s+2\s+1\n/);
    expect(r.stdout).toMatch(/approved\s+2\s+2\n/);
    expect(r.stdout).toContain('precision 0.667  recall 0.500  F1 0.571');
  });

  it('gives the same counts as JSON, and from TSV and JSON Lines', async () => {
    const tsv = path.join(dir, 'small.tsv');
    writeFileSync(tsv, 'label\ttext\n1\tthis one is definitely longer than twenty\n0\tshort ok\n0\tyet another quite long comment here\n');
    const jsonl = path.join(dir, 'small.jsonl');
    writeFileSync(jsonl, '{"text":"this one is definitely longer than twenty","spam":true}\n{"text":"short ok","spam":false}\n{"text":"yet another quite long comment here","spam":false}\n');
    const fromTsv = JSON.parse((await run(['--data', tsv, '--text-col', 'text', '--label-col', 'label', '--rules', rules, '--json'])).stdout);
    const fromJsonl = JSON.parse((await run(['--data', jsonl, '--text-col', 'text', '--label-col', 'spam', '--rules', rules, '--json'])).stdout);
    for (const result of [fromTsv, fromJsonl]) {
      expect({ tp: result.tp, fp: result.fp, fn: result.fn, tn: result.tn }).toEqual({ tp: 1, fp: 1, fn: 0, tn: 1 });
      expect(result.precision).toBe(0.5);
      expect(result.recall).toBe(1);
    }
  });

  it('reports a three-way decision when label values map to actions', async () => {
    const file = path.join(dir, 'three.csv');
    writeFileSync(file, 'text,class\nthis one is definitely longer than twenty,1\nshort ok,2\nok,1\n');
    const r = await run(['--data', file, '--text-col', 'text', '--label-col', 'class', '--actions', '1=hold,2=approve', '--rules', rules, '--json']);
    const { threeWay } = JSON.parse(r.stdout);
    expect(threeWay.confusion).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('sweeps a classifier threshold and writes the precision/recall plot as SVG', async () => {
    const file = path.join(dir, 'spam.csv');
    writeFileSync(
      file,
      'text,label\n"Check out my channel and subscribe, free gift cards at my page",1\n"please subscribe to my music channel, link in profile",1\nI love this song so much,0\nThe chorus is beautiful,0\n',
    );
    const plot = path.join(dir, 'sweep.svg');
    const r = await run(['--data', file, '--text-col', 'text', '--label-col', 'label', '--sweep', 'spam', '--plot', plot]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/spam threshold sweep: best F1 1\.000/);
    const svg = readFileSync(plot, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('precision');
    expect(svg).toContain('recall');
  });

  it("sweeps as the rule file decides: at the label's own threshold it gives the run's figures, gates included", async () => {
    // One-word comments are judged by the insult label alone (singleWord), so
    // "Kill" is approved whatever its toxicity score: a sweep that ignored the
    // gate counted it as caught at every threshold below that score.
    const file = path.join(dir, 'gated.csv');
    writeFileSync(file, 'text,label\nKill,1\nHate,1\nCriminal,1\nDie,1\nYou are a complete idiot and everyone knows it,1\nWhat a lovely article about the harbour,0\nThanks for the update,0\n');
    const r = await run(['--data', file, '--text-col', 'text', '--label-col', 'label', '--sweep', 'toxicity', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const hold = Number(/toxicity: \{[^}]*hold: ([0-9.]+)/.exec(readFileSync(path.resolve('rules/default.yaml'), 'utf8'))![1]);
    const atRule = out.sweep.find((p: { threshold: number }) => p.threshold === hold);
    expect(atRule).toMatchObject({ tp: out.tp, fp: out.fp, fn: out.fn, tn: out.tn });
    // The gated one-word comments stay missed at every threshold.
    for (const p of out.sweep) expect(p.fn).toBeGreaterThanOrEqual(out.fn);
  });

  it.each([
    [['--data', 'small.csv', '--text-col', 'comment', '--label-col', 'label', '--bogus', 'x'], /unknown option "--bogus"/],
    [['--text-col', 'comment', '--label-col', 'label'], /--data FILE is required/],
    [['--data', 'missing.csv', '--text-col', 'comment', '--label-col', 'label'], /no such file/],
    [['--data', 'small.csv', '--text-col', 'body', '--label-col', 'label'], /no column "body" \(columns: id, comment, label\)/],
    [['--data', 'small.csv', '--text-col', 'comment'], /--label-col is required/],
    [['--data', 'small.csv', '--text-col', 'comment', '--label-col', 'label', '--plot', 'x.svg'], /--plot needs --sweep/],
    [['--data', 'small.csv', '--text-col', 'comment', '--label-col', 'label', '--rules', 'rules', '--sweep', 'spam'], /the rules score no label "spam"/],
    [['--crossval', 'everything'], /--crossval must be "youtube", "davidson" or "toxicity"/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const r = await run(argv as string[], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
