// Rule files changed under load, valid and broken: never a 5xx, and every
// decision names a rule version that was loaded whole.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { loadRuleBook, type RuleBook } from '../../src/ruleset/loader';
import { postComment, startTestService } from '../helpers/service';

jest.setTimeout(60_000);

function variant(base: string, maxLength: number): string {
  return base.replace(/maxLength: \d+/, `maxLength: ${maxLength}`);
}

it('swaps rule sets atomically while requests flow, and keeps serving through a broken file', async () => {
  const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'rules-reload-'));
  cpSync('rules', rulesDir, { recursive: true });
  const file = path.join(rulesDir, 'default.yaml');
  const base = readFileSync(file, 'utf8');
  expect(base).toMatch(/maxLength: \d+/);

  // The versions a decision may carry: the initial rules and each valid variant, loaded whole.
  const lengths = [9000, 8000, 7000];
  const allowed = new Set<string>([loadRuleBook(rulesDir).defaultRules.version]);
  for (const n of lengths) {
    const probe = mkdtempSync(path.join(os.tmpdir(), 'rules-probe-'));
    cpSync(rulesDir, probe, { recursive: true });
    writeFileSync(path.join(probe, 'default.yaml'), variant(base, n));
    allowed.add(loadRuleBook(probe).defaultRules.version);
  }

  const svc = await startTestService({ RULES_DIR: rulesDir });
  try {
    let stop = false;
    const seen: Array<{ status: number; version?: string }> = [];
    // Waits for the traffic to show something, however fast or slow the machine.
    const waiters: Array<{ test: () => boolean; done: () => void }> = [];
    const until = (test: () => boolean) => new Promise<void>((done) => { if (test()) done(); else waiters.push({ test, done }); });
    const traffic = (async () => {
      let i = 0;
      while (!stop) {
        const res = await postComment(svc.url, { name: `Reader ${i % 5}`, text: `Comment ${i++} while the rules change` });
        seen.push({ status: res.status, version: res.body?.rulesVersion });
        for (const w of waiters.splice(0)) if (w.test()) w.done(); else waiters.push(w);
      }
    })();
    for (const n of lengths) {
      const rejected = once(svc.rules.events, 'rejected');
      writeFileSync(file, 'checks:\n  validity: { maxLength: -1 }\n'); // broken: must be ignored
      await rejected;
      const before = seen.length;
      await until(() => seen.length >= before + 3); // served with the broken file on disk
      const reloaded = once(svc.rules.events, 'reloaded');
      writeFileSync(file, variant(base, n));
      const [book] = (await reloaded) as [RuleBook];
      await until(() => seen.some((s) => s.version === book.defaultRules.version)); // served by the new rules
    }
    stop = true;
    await traffic;

    expect(seen.filter((s) => s.status !== 201)).toEqual([]);
    expect(seen.filter((s) => !allowed.has(s.version!))).toEqual([]);
    // Every valid variant served, and the last one is serving now.
    for (const version of allowed) expect(seen.some((s) => s.version === version)).toBe(true);
    expect(seen[seen.length - 1]!.version).toBe([...allowed][allowed.size - 1]);
  } finally {
    await svc.stop(2000);
  }
});
