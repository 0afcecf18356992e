// The rule file's languages section: accepted languages, per-language check
// overrides, and the classifier's honesty about languages it cannot read.
import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRuleBook, RuleFileError } from '../../../src/ruleset/loader';
import { moderate, type CompiledRuleSet } from '../../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../../src/moderation/types';

const GERMAN = 'Der Stadtrat hat heute den Haushalt veröffentlicht, die Bibliothek bleibt offen.';
const ENGLISH = 'The council published the budget today; the library hours stay the same.';

/** The shipped rules plus one site file. */
function withSite(siteYaml: string): CompiledRuleSet {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-lang-'));
  cpSync('rules', dir, { recursive: true });
  mkdirSync(path.join(dir, 'sites'), { recursive: true });
  writeFileSync(path.join(dir, 'sites', 'news9.yaml'), siteYaml);
  return loadRuleBook(dir).forSite('news9');
}

const judge = (rules: CompiledRuleSet, text: string) => moderate(rules, { site: 'news9', name: 'reader', text }, EMPTY_HISTORY, 0);

describe('languages in the rule file', () => {
  const shipped = loadRuleBook('rules').defaultRules;

  it('puts the detected language and its confidence in every decision', () => {
    const decision = judge(shipped, GERMAN);
    expect(decision.language).toEqual({ code: 'de', confidence: expect.any(Number) });
    expect(decision.language!.confidence).toBeGreaterThan(0);
  });

  it('does not let the English models score another language, and says so', () => {
    const german = judge(shipped, GERMAN);
    expect(german.scores.toxicity).toBeUndefined();
    const reason = german.reasons.find((r) => r.rule === 'classifier.language');
    expect(reason).toMatchObject({ check: 'classifier', action: 'approve', message: expect.stringMatching(/models read English.*detected as German/) });
    const english = judge(shipped, ENGLISH);
    expect(english.scores.toxicity).toEqual(expect.any(Number));
    expect(english.reasons.find((r) => r.rule === 'classifier.language')).toBeUndefined();
  });

  it('still scores English that detection gave to another language by a hair (a name or an identity word)', () => {
    // eld reads these as Malay and Albanian, with English within a few per cent of the best score.
    for (const text of ['Abdul is a disgusting muslim', 'I hate bisexual']) {
      const d = judge(shipped, text);
      expect({ text, code: d.language!.code === 'en' }).toEqual({ text, code: false });
      expect({ text, toxicity: d.scores.toxicity }).toEqual({ text, toxicity: expect.any(Number) });
      expect({ text, action: d.action }).toEqual({ text, action: 'hold' });
    }
  });

  it('holds comments in languages a site does not accept, and never a text too short to tell', () => {
    const rules = withSite('languages:\n  accept: [en, fr]\n  other: { action: hold }\n');
    const german = judge(rules, GERMAN);
    expect(german.action).toBe('hold');
    expect(german.reasons[0]).toMatchObject({ check: 'language', rule: 'language.not_accepted', action: 'hold', message: expect.stringMatching(/German .* accepts English, French/) });
    expect(judge(rules, ENGLISH).action).toBe('approve');
    expect(judge(rules, 'Prima!').action).toBe('approve');
  });

  it('approves other languages without a word when the site says approve', () => {
    const rules = withSite('languages:\n  accept: [en]\n  other: { action: approve }\n');
    expect(judge(rules, GERMAN).reasons.filter((r) => r.check === 'language')).toEqual([]);
  });

  it('applies per-language overrides of the checks to that language only', () => {
    // Shouting held for German comments only.
    const rules = withSite('languages:\n  overrides:\n    de: { checks: { shape: { shouting: { action: hold, minLetters: 10 } } } }\n');
    const shout = (text: string) => judge(rules, text).reasons.filter((r) => r.rule === 'shape.shouting');
    expect(shout(GERMAN.toUpperCase())).toHaveLength(1);
    expect(shout(ENGLISH.toUpperCase())).toHaveLength(0);
    // Checks the override leaves alone are the ones already compiled.
    const german = rules.checksByLanguage!.get('de')!;
    expect(german.find((c) => c.name === 'classifier')!.run).toBe(rules.checks.find((c) => c.name === 'classifier')!.run);
    expect(german.find((c) => c.name === 'shape')!.run).not.toBe(rules.checks.find((c) => c.name === 'shape')!.run);
  });

  it('names the field of a bad override or list', () => {
    expect(() => withSite('languages:\n  overrides:\n    de: { checks: { shape: { shouting: { minLetters: -1 } } } }\n')).toThrow(RuleFileError);
    expect(() => withSite('languages:\n  overrides:\n    de: { checks: { shape: { shouting: { minLetters: -1 } } } }\n')).toThrow(/languages\.overrides\.de\.checks\.shape\.shouting\.minLetters/);
    expect(() => withSite('checks:\n  profanity:\n    languages:\n      de: { lists: { nasty: [lists/profanity-mild.txt] } }\n')).toThrow(/"nasty" is not the name of a tier/);
    expect(() => withSite('languages:\n  accept: [German]\n')).toThrow(/languages\.accept/);
  });
});
