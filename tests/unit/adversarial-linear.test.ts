// Every check's work must grow in proportion to the text: a comment of one
// character tokens ("1 1 1 ..."), a host of thousands of labels or a chain
// of spelled-out dots made single checks quadratic (20,000 characters took
// 0.1 to 0.8 s). Timing one text against a fixed budget would fail on a busy
// machine; instead each check moderates one 20,000-character text and ten
// 2,000-character texts of the same shape, alternately, keeping the fastest
// of several rounds of each. Linear work makes the two about equal; quadratic
// work makes the long one about ten times slower. `node bench/adversarial.js`
// reports the milliseconds themselves.
import { prepare, decide, type CompiledRuleSet } from '../../src/moderation/engine';
import { historyKeys } from '../../src/moderation/history-keys';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHAPES, shapeText } = require('../../bench/lib/adversarial-shapes.js') as {
  SHAPES: Array<{ name: string; unit: string; prefix?: string }>;
  shapeText: (shape: { unit: string; prefix?: string }, length: number) => string;
};

jest.setTimeout(180_000);

/** Growth this large means the long text costs several times its share: not linear. */
const MAX_GROWTH = 3;

const full = loadRuleBook('rules').defaultRules;
const alone = (name: string): CompiledRuleSet => ({ ...full, policy: { ...full.policy, stopOnReject: false }, checks: full.checks.filter((c) => c.name === name) });

type Work = (text: string) => void;
const work: Record<string, Work> = {
  // Normalising, the text fingerprint and the history keys run before any check.
  normalise: (text) => { historyKeys(prepare({ site: 's', name: 'Reader', text, email: 'r@example.org', ip: '192.0.2.1' })); },
  ...Object.fromEntries(full.checks.map((c) => {
    const rules = alone(c.name);
    return [c.name, (text: string) => { decide(rules, prepare({ site: 's', name: 'Reader', text }), EMPTY_HISTORY, 0); }];
  })),
};

const elapsed = (fn: () => void): number => {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/** Fastest time for one long text over fastest time for ten short ones, measured alternately. */
function growth(fn: Work, long: string, short: string, rounds: number): { growth: number; longMs: number } {
  fn(long);
  fn(short);
  let longMs = Infinity;
  let shortMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    longMs = Math.min(longMs, elapsed(() => fn(long)));
    shortMs = Math.min(shortMs, elapsed(() => { for (let k = 0; k < 10; k++) fn(short); }));
  }
  return { growth: longMs / Math.max(shortMs, 0.01), longMs };
}

describe('work linear in the text on adversarial shapes', () => {
  it('has shapes for the review\'s cases', () => {
    const units = SHAPES.map((s) => s.unit);
    for (const unit of ['1 ', '1-', '1.', '9,', 'www.', 'fuck ']) expect(units).toContain(unit);
  });

  it.each(SHAPES.map((s) => [s.name, s] as const))('%s: every check grows linearly from 2,000 to 20,000 characters', (_name, shape) => {
    const long = shapeText(shape, 20_000);
    const short = shapeText(shape, 2_000);
    expect(long).toHaveLength(20_000 - (long.length === 19_999 ? 1 : 0));
    const slow: string[] = [];
    for (const [name, fn] of Object.entries(work)) {
      let m = growth(fn, long, short, 3);
      // A busy machine can slow some rounds; a real quadratic cost stays on every look.
      for (const rounds of [11, 21]) {
        if (m.growth <= MAX_GROWTH) break;
        const again = growth(fn, long, short, rounds);
        if (again.growth < m.growth) m = again;
      }
      if (m.growth > MAX_GROWTH) slow.push(`${name}: ${m.growth.toFixed(1)}x (${m.longMs.toFixed(1)} ms at 20,000 characters)`);
    }
    expect(slow).toEqual([]);
  });

  it('spends no more on digit runs too long to be a phone number than on phone-sized ones', () => {
    // Linear either way, but each run of 40 digits cost 0.2 ms: the phone pattern tried every way of cutting it into groups.
    const patterns = work.patterns!;
    const long = shapeText({ unit: `${'1'.repeat(40)} ` }, 20_000);
    const phoneSized = shapeText({ unit: '555 123 4567 ' }, 20_000);
    patterns(long);
    patterns(phoneSized);
    let longMs = Infinity;
    let phoneMs = Infinity;
    for (let r = 0; r < 5; r++) {
      longMs = Math.min(longMs, elapsed(() => patterns(long)));
      phoneMs = Math.min(phoneMs, elapsed(() => patterns(phoneSized)));
    }
    expect(longMs / phoneMs).toBeLessThan(MAX_GROWTH);
  });
});
