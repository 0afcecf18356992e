import { capReasons, EVIDENCE_LIMITS, quoted, withinLimits } from '../../src/moderation/evidence-caps';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY, type Reason, type Span } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const rules = loadRuleBook('rules').defaultRules;
const decide = (text: string) => moderate(rules, { site: 'test', name: 'Reader', text }, EMPTY_HISTORY, 0);
const spanCount = (reasons: Reason[]) => reasons.reduce((n, r) => n + (r.evidence.spans?.length ?? 0), 0);

function reason(rule: string, spans: number, check = 'profanity'): Reason {
  const list: Span[] = Array.from({ length: spans }, (_, i) => ({ field: 'text', start: 5 * i, end: 5 * i + 4, text: 'fuck', matched: 'fuck' }));
  return { check, rule, action: 'hold', message: `Contains it (${spans} times).`, evidence: { spans: list } };
}

describe('evidence bounds', () => {
  it('keeps the first spans of a word said 4,000 times and says how many there were', () => {
    const d = decide('fuck '.repeat(4000));
    const profanity = d.reasons.filter((r) => r.check === 'profanity');
    expect(profanity).toHaveLength(1);
    expect(profanity[0]!.evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    expect(profanity[0]!.evidence.spans![0]).toMatchObject({ start: 0, end: 4, text: 'fuck' });
    expect(profanity[0]!.evidence.spanCount).toBe(4000);
    // The message still counts every one.
    expect(profanity[0]!.message).toContain('(4000 times)');
    expect(profanity[0]!.action).toBe('hold');
    expect(JSON.stringify(d).length).toBeLessThan(10_000);
  });

  it('bounds the spans of a whole comment, in reason order', () => {
    const capped = capReasons([reason('a', 25), reason('b', 25), reason('c', 25)]);
    expect(capped.map((r) => r.evidence.spans!.length)).toEqual([10, 10, 10]);
    expect(capped.map((r) => r.evidence.spanCount)).toEqual([25, 25, 25]);
    const tight = capReasons([reason('a', 8), reason('b', 8), reason('c', 8), reason('d', 8), reason('e', 8)]);
    expect(tight.map((r) => r.evidence.spans!.length)).toEqual([8, 8, 8, 6, 0]);
    expect(spanCount(tight)).toBe(EVIDENCE_LIMITS.spansPerComment);
    expect(tight.map((r) => r.evidence.spanCount)).toEqual([undefined, undefined, undefined, 8, 8]);
  });

  it('folds the reasons of one rule past the bound into one, so rule ids and the action stay', () => {
    const many = Array.from({ length: 25 }, () => reason('profanity.severe', 1));
    const capped = capReasons([...many, reason('links.count', 1, 'links')]);
    const severe = capped.filter((r) => r.rule === 'profanity.severe');
    expect(severe).toHaveLength(EVIDENCE_LIMITS.reasonsPerRule + 1);
    expect(severe.at(-1)).toMatchObject({ action: 'hold', message: 'And 15 more reasons from rule profanity.severe, not listed one by one.', evidence: { count: 15 } });
    expect(capped.some((r) => r.rule === 'links.count')).toBe(true);
  });

  it('leaves reasons within the bounds as they are (the same array)', () => {
    const reasons = [reason('a', 3), reason('b', 2)];
    expect(capReasons(reasons)).toBe(reasons);
  });

  it('bounds a comment that uses every listed word', () => {
    const words = ['fuck', 'shit', 'cunt', 'bitch', 'bastard', 'asshole', 'dickhead', 'motherfucker', 'wanker', 'twat', 'prick', 'bollocks', 'shithead', 'fucker', 'slut', 'whore'];
    const d = decide(Array.from({ length: 300 }, (_, i) => words[i % words.length]).join(' '));
    expect(spanCount(d.reasons)).toBeLessThanOrEqual(EVIDENCE_LIMITS.spansPerComment);
    const perRule = new Map<string, number>();
    for (const r of d.reasons) perRule.set(r.rule, (perRule.get(r.rule) ?? 0) + 1);
    for (const n of perRule.values()) expect(n).toBeLessThanOrEqual(EVIDENCE_LIMITS.reasonsPerRule + 1);
  });

  it('quotes at most a readable piece of a long word in a message', () => {
    const d = decide(`${'fuck'.repeat(5000)}`);
    const profanity = d.reasons.find((r) => r.check === 'profanity')!;
    expect(profanity.message.length).toBeLessThan(200);
    expect(profanity.message).toContain('(20000 characters)');
    expect(quoted('short')).toBe('short');
    // A surrogate pair is never cut in two.
    expect(quoted(`${'a'.repeat(59)}\u{1F600}tail`)).toBe(`${'a'.repeat(59)}… (65 characters)`);
  });
});

describe('long spans', () => {
  it('quote only the first characters of a span that covers a long text, keeping its offsets', () => {
    const long = 'www.'.repeat(5000);
    const reason = { check: 'links', rule: 'links.bare', action: 'hold' as const, message: 'A link with little text around it.', evidence: { spans: [{ field: 'text' as const, start: 0, end: long.length, text: long }] } };
    const [capped] = capReasons([reason]);
    const span = capped!.evidence.spans![0]!;
    expect(span).toMatchObject({ start: 0, end: 20_000, truncated: true });
    expect(span.text).toBe(long.slice(0, EVIDENCE_LIMITS.spanCharacters));
    expect(JSON.stringify(capped).length).toBeLessThan(1000);
    expect(withinLimits([reason])).toBe(false);
    expect(withinLimits([capped!])).toBe(true);
  });
});
