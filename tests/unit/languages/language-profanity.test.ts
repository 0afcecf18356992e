// Per-language word lists through the whole engine with the shipped rules:
// swearing caught as written and written evasively, innocent words that
// contain a listed one approved, and English lists still applying.
import { loadRuleBook } from '../../../src/ruleset/loader';
import { moderate } from '../../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../../src/moderation/types';
import { CASES } from './cases';

const rules = loadRuleBook('rules').defaultRules;
const judge = (text: string, language?: string) => moderate(rules, { site: 'test', name: 'reader', text, ...(language && { language }) }, EMPTY_HISTORY, 0);
const profanityRules = (text: string) => judge(text).reasons.filter((r) => r.check === 'profanity').map((r) => r.rule);

describe.each(Object.entries(CASES))('%s word lists', (code, cases) => {
  it.each(cases.plain)('holds or rejects swearing as written: %s', (text) => {
    const decision = judge(text);
    expect(decision.action).not.toBe('approve');
    expect(profanityRules(text).length).toBeGreaterThan(0);
  });

  it.each(cases.evasive)('sees through evasive spellings: %s', (text) => {
    expect(judge(text).action).not.toBe('approve');
    expect(profanityRules(text).length).toBeGreaterThan(0);
  });

  it.each(cases.innocent)('approves innocent words that contain a listed one: %s', (text) => {
    const decision = judge(text);
    expect(decision.language?.code).toBe(code);
    expect(decision.reasons.filter((r) => r.action !== 'approve')).toEqual([]);
    expect(decision.action).toBe('approve');
  });
});

describe('languages together', () => {
  it('applies the English lists to a comment detected in another language', () => {
    const decision = judge('Der Bürgermeister hat wieder gelogen, what a fucking disgrace für die ganze Stadt.');
    expect(decision.action).toBe('hold');
    expect(decision.reasons.some((r) => r.evidence.spans?.some((s) => s.matched?.startsWith('fuck')))).toBe(true);
  });

  it("uses the site's language field for a text too short to tell", () => {
    const short = judge('Arschloch!', 'de');
    expect(short.language).toEqual({ code: 'unknown', confidence: 0, hint: 'de' });
    expect(short.action).toBe('hold');
  });

  it('matches every language\'s lists when a short text has no hint', () => {
    for (const text of ['kurwa mać', 'vaffanculo', 'hijo de puta', 'klootzak!']) expect([text, judge(text).action]).toEqual([text, 'hold']);
  });

  it('leaves the lists of one language out of a comment clearly in another', () => {
    // "bitte" is a French list word in LDNOOBW and German for "please": left out of the French list.
    expect(judge('Bitte schickt mir den Bericht über die Sitzung, danke schön.').action).toBe('approve');
  });
});
