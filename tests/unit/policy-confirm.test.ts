// policy.confirmRejects: a reject that stands only when a score confirms it.
import { combine, capReason, type PolicyConfig } from '../../src/moderation/policy';
import type { Reason } from '../../src/moderation/types';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const slur = (word: string): Reason => ({
  check: 'profanity',
  rule: 'profanity.slur',
  action: 'reject',
  message: `Contains the slur profanity "${word}".`,
  evidence: { spans: [{ field: 'text', start: 0, end: word.length, text: word }] },
});
const policy: PolicyConfig = {
  stopOnReject: true,
  maxActionByCheck: {},
  confirmRejects: [{ rule: 'profanity.slur', words: ['nigga'], score: 'hate', atLeast: 0.5, otherwise: 'hold' }],
};

describe('policy.confirmRejects', () => {
  it('holds an unconfirmed reject and says why, with the score and threshold', () => {
    const out = combine([{ reasons: [slur('Nigga')] }, { reasons: [], scores: { hate: 0.12 } }], policy);
    expect(out.action).toBe('hold');
    expect(out.reasons[0]!.message).toMatch(/Held for a moderator rather than rejected: the hate score 0\.12 is below 0\.50/);
    expect(out.reasons[0]!.evidence).toMatchObject({ score: 0.12, threshold: 0.5 });
  });

  it('keeps the reject when the score confirms it, or when there is no score', () => {
    expect(combine([{ reasons: [slur('nigga')] }, { reasons: [], scores: { hate: 0.5 } }], policy).action).toBe('reject');
    expect(combine([{ reasons: [slur('nigga')] }], policy).action).toBe('reject');
  });

  it('leaves other words of the rule alone, and does not stop the engine before the score exists', () => {
    expect(combine([{ reasons: [slur('kike')] }, { reasons: [], scores: { hate: 0 } }], policy).action).toBe('reject');
    expect(capReason(slur('nigga'), policy).action).toBe('hold');
    expect(capReason(slur('kike'), policy).action).toBe('reject');
  });

  describe('in the default rules', () => {
    const rules = loadRuleBook('rules').defaultRules;
    const decide = (text: string) => moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);

    it('holds in-group use the hate model does not call hate', () => {
      const d = decide('my nigga just got home lol');
      expect(d.action).toBe('hold');
      expect(d.reasons.find((r) => r.rule === 'profanity.slur')!.message).toMatch(/policy\.confirmRejects/);
    });

    it.each(['you n1gg3r', 'shut up f a g g o t', 'go back home you kike', 'dirty kіke'])('still rejects %j', (text) => {
      expect(decide(text).action).toBe('reject');
    });
  });
});
