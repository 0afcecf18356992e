// `moderate eval --compare`: two rule sets side by side on the same labelled
// rows, with hand-computed metrics, the changed decisions and --fail-if gates.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runModerate } from '../helpers/cli';

const run = (argv: string[]) => runModerate(['eval', ...argv]);

const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-compare-'));
function ruleSet(name: string, words: string[]): string {
  const rules = path.join(dir, name);
  mkdirSync(rules);
  writeFileSync(path.join(rules, 'banned.txt'), `${words.join('\n')}\n`);
  writeFileSync(
    path.join(rules, 'default.yaml'),
    [
      'checks:',
      '  profanity:',
      '    tiers: [{ name: banned, rule: words.banned, action: hold, lists: [banned.txt] }]',
      ...['links', 'patterns', 'shape', 'history', 'classifier'].map((c) => `  ${c}: { enabled: false }`),
      '',
    ].join('\n'),
  );
  return rules;
}
const current = ruleSet('current', ['broccoli']);
const candidate = ruleSet('candidate', ['broccoli', 'kale']);
const data = path.join(dir, 'labelled.csv');
// current flags row 1 only: tp 1, fn 1 (row 2), tn 2 -> precision 1, recall 0.5
// candidate flags rows 1, 2, 4: tp 2, fp 1 (row 4) -> precision 0.667, recall 1
writeFileSync(data, ['text,label', 'I love broccoli so much,1', 'kale is the worst,1', 'nice weather today,0', 'a kale salad recipe please,0', ''].join('\n'));

describe('moderate eval --compare', () => {
  it('reports both rule sets, the deltas and the changed decisions', async () => {
    const res = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--compare', candidate, '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.current).toMatchObject({ tp: 1, fp: 0, fn: 1, tn: 2, precision: 1, recall: 0.5 });
    expect(out.candidate).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 1, recall: 1 });
    expect(out.candidate.precision).toBeCloseTo(2 / 3, 6);
    expect(out.changed).toBe(2);
    expect(out.transitions).toEqual({ 'approve->hold': 2 });
  });

  it('prints the two rules versions as separate columns, aligned with the figures', async () => {
    const res = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--compare', candidate]);
    expect(res.code).toBe(0);
    const json = JSON.parse((await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--compare', candidate, '--json'])).stdout);
    const lines = res.stdout.split('\n');
    const rules = lines.find((l) => l.startsWith('rules'))!;
    expect(rules.split(/\s+/)).toEqual(['rules', json.current.rulesVersion, json.candidate.rulesVersion]);
    // Each column ends where its header ends.
    const header = lines.find((l) => l.includes('candidate'))!;
    expect(rules.indexOf(json.candidate.rulesVersion) + json.candidate.rulesVersion.length).toBe(header.indexOf('candidate') + 'candidate'.length);
    expect(rules.indexOf(json.current.rulesVersion) + json.current.rulesVersion.length).toBe(header.indexOf('current') + 'current'.length);
  });

  it('exits 1 when the candidate fails a --fail-if gate and 0 when it passes', async () => {
    const failing = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--compare', candidate, '--fail-if', 'precision<0.9', '--fail-if', 'recall<0.9']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/fail-if precision<0\.9: FAILS/);
    expect(failing.stdout).toMatch(/fail-if recall<0\.9: passes/);
    const passing = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--compare', candidate, '--fail-if', 'recall<0.9']);
    expect(passing.code).toBe(0);
  });

  it('exits 2 for a malformed gate or a gate without a candidate', async () => {
    const bad = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--compare', candidate, '--fail-if', 'precision <<< 1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fail-if/);
    const lonely = await run(['--data', data, '--text-col', 'text', '--label-col', 'label', '--rules', current, '--fail-if', 'recall<0.9']);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/needs --compare/);
  });
});
