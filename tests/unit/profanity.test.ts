import { readFileSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY, type Decision, type Reason } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const rules = loadRuleBook('rules').defaultRules;

function decide(text: string, name = 'reader'): Decision {
  return moderate(rules, { site: 'test', name, text }, EMPTY_HISTORY, 0);
}

function profanityReasons(d: Decision): Reason[] {
  return d.reasons.filter((r) => r.check === 'profanity');
}

/** The single profanity span of a decision, as [start, end, original text, matched]. */
function onlySpan(d: Decision): [number, number, string, string | undefined] {
  const spans = profanityReasons(d).flatMap((r) => r.evidence.spans ?? []);
  expect(spans).toHaveLength(1);
  const s = spans[0]!;
  return [s.start, s.end, s.text, s.matched];
}

describe('profanity: false-positive traps', () => {
  const rows = readFileSync('data/corpora/profanity/false_positive_traps.tsv', 'utf8').split('\n').slice(1).filter(Boolean);
  const traps = rows.map((row) => row.split('\t')[0]!);

  it('reads all 476 traps', () => {
    expect(traps).toHaveLength(476);
  });

  it.each(traps)('approves %p', (text) => {
    const d = decide(text);
    expect(profanityReasons(d)).toEqual([]);
    expect(d.action).toBe('approve');
  });
});

describe('profanity: evasions', () => {
  // [comment, expected action, expected span text] — the span is found in the comment to get its offset.
  const cases: Array<[string, 'hold' | 'reject', string]> = [
    ['what the fuck is this', 'hold', 'fuck'],
    ['well f4ck that plan', 'hold', 'f4ck'],
    ['this is sh1t', 'hold', 'sh1t'],
    ['kiss my @ss', 'hold', '@ss'],
    ['you f u c k e r', 'hold', 'f u c k e r'],
    // Inside spaced-out letters a word may start at any letter ("b" here).
    ['you r a b i t c h', 'hold', 'r a b i t c h'],
    ['go f.u.c.k yourself', 'hold', 'f.u.c.k'],
    ['f-u-c-k off', 'hold', 'f-u-c-k'],
    ['fuuuuuck this', 'hold', 'fuuuuuck'],
    ['oh shiiiit', 'hold', 'shiiiit'],
    ['oh f*ck', 'hold', 'f*ck'],
    ['that is sh!t', 'hold', 'sh!t'],
    ['what an a$$', 'hold', 'a$$'],
    ['what a f#cking mess', 'hold', 'f#cking'],
    // Masked inside a longer word: only an entry open at its end ("fuck*") can match it.
    ['you f*ckhead', 'hold', 'f*ckhead'],
    ['a ｆｕｃｋｉｎｇ joke', 'hold', 'ｆｕｃｋｉｎｇ'],
    ['you fu\u0441king liar', 'hold', 'fu\u0441king'],
    ['what the fu\u200bck', 'hold', 'fu\u200bck'],
    ['was für ein fück', 'hold', 'fück'],
    ['you motherfucker', 'hold', 'motherfucker'],
    ['SHUT UP YOU B1TCH!!!', 'hold', 'B1TCH'],
    ['total bullshit', 'hold', 'bullshit'],
    ['shut up f a g g o t', 'reject', 'f a g g o t'],
    ['you n1gg3r', 'reject', 'n1gg3r'],
    ['dirty kіke', 'reject', 'kіke'],
  ];

  it.each(cases)('%p is %s with the span of %p', (text, action, spanText) => {
    const d = decide(text);
    expect(d.action).toBe(action);
    const start = text.indexOf(spanText);
    const [s, e, original] = onlySpan(d);
    expect([s, e, original]).toEqual([start, start + spanText.length, spanText]);
  });

  it('maps spans through astral characters before the word', () => {
    const text = '😀😀 𝓯𝓾𝓬𝓴 off';
    const [s, e, original, matched] = onlySpan(decide(text));
    expect(original).toBe('𝓯𝓾𝓬𝓴');
    expect(text.slice(s, e)).toBe('𝓯𝓾𝓬𝓴');
    expect(matched).toBe('*fuck*'.replace(/\*/g, ''));
  });

  it('names the rule, what was written and what it matched', () => {
    const [reason] = profanityReasons(decide('oh f*ck'));
    expect(reason).toMatchObject({ check: 'profanity', rule: 'profanity.masked', action: 'hold' });
    expect(reason!.message).toBe('Contains the masked severe profanity "f*ck" (matched "fuck").');
  });

  it('groups repeats of a word into one reason with every span, and counts them in the score', () => {
    const d = decide('fuck this, fuck that, shit');
    const reasons = profanityReasons(d);
    expect(reasons.map((r) => r.rule).sort()).toEqual(['profanity.mild', 'profanity.severe']);
    const severe = reasons.find((r) => r.rule === 'profanity.severe')!;
    expect(severe.evidence.spans!.map((s) => [s.start, s.end])).toEqual([[0, 4], [11, 15]]);
    expect(d.scores.profanity).toBe(3);
  });

  it('scores zero for a clean comment', () => {
    expect(decide('A thoughtful comment about the council budget.').scores.profanity).toBe(0);
  });
});

describe('profanity: tiers, allow list and name', () => {
  it('rejects slurs and holds severe and mild swearing for a moderator', () => {
    expect(decide('go back home you kike').action).toBe('reject');
    expect(profanityReasons(decide('go back home you kike'))[0]!.rule).toBe('profanity.slur');
    const swearing = profanityReasons(decide('you are a cunt'))[0]!;
    expect([swearing.rule, swearing.action]).toEqual(['profanity.severe', 'hold']);
    expect(decide('what a dick').action).toBe('hold');
    expect(profanityReasons(decide('what a dick'))[0]!.rule).toBe('profanity.mild');
  });

  it('a word inside a stronger one takes the stronger tier', () => {
    const reasons = profanityReasons(decide('shithead'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.rule).toBe('profanity.severe');
  });

  it('tells repeated letters apart from single ones', () => {
    expect(decide('as you said').action).toBe('approve');
    expect(decide('Niger and Nigeria').action).toBe('approve');
    expect(decide('what an aaasss').action).toBe('hold');
  });

  it('allow-listed names and places approve, the word alone does not', () => {
    for (const ok of ['Dick Van Dyke sang', 'Scunthorpe United', 'Penistone Road', 'a cocktail bar', 'Sussex and Middlesex', 'shitake risotto', 'summa cum laude']) {
      expect([ok, decide(ok).action]).toEqual([ok, 'approve']);
    }
    expect(decide('Dick said so').action).toBe('hold');
  });

  it('checks the author name, with spans in the name field', () => {
    const name = 'Big F\u00fcck';
    const d = decide('A fine article.', name);
    expect(d.action).toBe('hold');
    const [reason] = profanityReasons(d);
    expect(reason!.message).toMatch(/^The author name contains/);
    expect(reason!.evidence.spans).toEqual([{ field: 'name', start: 4, end: 8, text: 'F\u00fcck', matched: 'fuck' }]);
  });
});

describe('profanity: rule file section', () => {
  function rulesDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'profanity-rules-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const run = (dir: string, text: string) => moderate(loadRuleBook(dir).defaultRules, { site: 't', name: 'n', text }, EMPTY_HISTORY, 0);

  it('finds nothing without tiers', () => {
    expect(run(rulesDir({ 'default.yaml': 'checks: {}\n' }), 'fuck').action).toBe('approve');
  });

  it('reads its own lists, with custom rule ids, actions and masked action', () => {
    const dir = rulesDir({
      'default.yaml': [
        'checks:',
        '  profanity:',
        '    tiers:',
        '      - { name: banned, rule: words.banned, action: reject, lists: [banned.txt] }',
        '    allowLists: [ok.txt]',
        '    masked: { rule: words.masked, action: reject }',
      ].join('\n'),
      'banned.txt': '# test list\nbroccoli\nkale*\n',
      'ok.txt': 'kaleidoscope\n',
    });
    const d = run(dir, 'I hate br0cc0li');
    expect(d.action).toBe('reject');
    expect(d.reasons[0]!.rule).toBe('words.banned');
    expect(run(dir, 'kalefarm').action).toBe('reject');
    expect(run(dir, 'a kaleidoscope').action).toBe('approve');
    expect(run(dir, 'b*occoli').reasons[0]!.rule).toBe('words.masked');
  });

  it('can add the bad-words list to a tier', () => {
    const base = 'checks:\n  profanity:\n    tiers:\n      - { name: mild, rule: p.mild, action: hold, badWords: BW }\n';
    expect(run(rulesDir({ 'default.yaml': base.replace('BW', 'false') }), 'a boiolas').action).toBe('approve');
    expect(run(rulesDir({ 'default.yaml': base.replace('BW', 'true') }), 'a boiolas').action).toBe('hold');
  });

  it('rejects unknown keys and names a missing list file', () => {
    expect(() => loadRuleBook(rulesDir({ 'default.yaml': 'checks:\n  profanity:\n    tier: []\n' }))).toThrow(/checks\.profanity/);
    const missing = 'checks:\n  profanity:\n    tiers:\n      - { name: a, rule: a, action: hold, lists: [nope.txt] }\n';
    expect(() => loadRuleBook(rulesDir({ 'default.yaml': missing }))).toThrow(/nope\.txt/);
  });
});
