// Threats and dehumanisation: the explicit checks reject what they must, quote
// the reader's words, and leave negation, quotation and counter-speech alone.
// Short insults are held; swapping identities changes no decision.
import { readFileSync } from 'node:fs';
import { parseTable } from '../../src/classifier/table-reader';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const rules = loadRuleBook('rules').defaultRules;
const decide = (text: string) => moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);

describe('threats', () => {
  it.each([
    ['I will kill you if you post here again.', 'threat.intent', 'I will kill you'],
    ['I am going to shoot the next gay person I see.', 'threat.intent', 'I am going to shoot the next gay person'],
    ['Kill yourself', 'threat.self_harm', 'Kill yourself'],
    ['Gay people should be shot.', 'threat.call_for_violence', 'Gay people should be shot'],
    ['Death to all immigrants!', 'threat.call_for_violence', 'Death to all immigrants'],
    ['I hope you die', 'threat.death_wish', 'you die'],
  ])('rejects %j, quoting the words', (text, rule, quote) => {
    const d = decide(text);
    expect(d.action).toBe('reject');
    const reason = d.reasons.find((r) => r.rule === rule)!;
    expect(reason.message).toContain(`"${quote}"`);
    const span = reason.evidence.spans![0]!;
    expect(text.slice(span.start, span.end)).toBe(quote);
  });

  it.each([
    'I would never kill you.',
    "I'm not going to hurt anyone.",
    "Don't kill yourself, things get better.",
    'He wrote "I will kill you" and was arrested.',
    'This traffic is killing me.',
    'Shoot me an email when you can.',
    'I will beat you at chess.',
    'The council should kill this bill.',
  ])('approves %j', (text) => {
    expect(decide(text).action).toBe('approve');
  });
});

describe('dehumanisation', () => {
  it.each(['Immigrants are vermin.', 'Muslims are nothing but animals', 'Trans people are not human.', 'Those Muslim animals should go back.'])('rejects %j', (text) => {
    const d = decide(text);
    expect(d.action).toBe('reject');
    expect(d.reasons.map((r) => r.rule)).toContain('dehumanisation.comparison');
  });

  it.each([
    'Saying immigrants are vermin is disgusting.',
    'Calling Muslims animals is hateful and wrong.',
    'Immigrants are not vermin.',
    'The idea that gay people are a disease is a lie.',
    'Rats are vermin.',
  ])('approves the negation, counter-speech or non-group %j', (text) => {
    expect(decide(text).action).toBe('approve');
  });

  it('takes its groups from the rule-file list', () => {
    const text = 'Martians are vermin.';
    expect(decide(text).action).not.toBe('reject');
    const list = readFileSync('rules/lists/protected-groups.txt', 'utf8');
    expect(list).toMatch(/^migration: .*immigrants/m);
  });
});

describe('contempt for a whole group (derogation)', () => {
  it.each([
    ['Immigrants are criminals.', 'Immigrants are criminals'],
    ['Muslims are all terrorists', 'Muslims are all terrorists'],
    ['Being gay is disgusting.', 'gay is disgusting'],
    ['Disabled people are just worthless.', 'Disabled people are just worthless'],
  ])('holds %j for a person, quoting the words', (text, quote) => {
    const d = decide(text);
    expect(d.action).not.toBe('approve');
    const reason = d.reasons.find((r) => r.rule === 'dehumanisation.derogation')!;
    expect(reason).toMatchObject({ check: 'dehumanisation', action: 'hold' });
    expect(reason.message).toBe(`Holds a whole protected group in contempt: "${quote}".`);
    const span = reason.evidence.spans![0]!;
    expect(text.slice(span.start, span.end)).toBe(quote);
  });

  it.each([
    'Immigrants are not criminals.',
    'Saying Muslims are terrorists is bigoted.',
    'The claim that immigrants are criminals is a myth.',
    'Black people are diverse.',
    'Old buildings are dangerous.',
    'Critics are stupid to ignore this.',
  ])('leaves %j alone: negated, reported, praised or not a group', (text) => {
    expect(decide(text).reasons.map((r) => r.rule)).not.toContain('dehumanisation.derogation');
  });
});

describe('short insults', () => {
  it.each(['You idiot', 'Shut up moron', 'Stupid idiot'])('holds %j', (text) => {
    expect(decide(text).action).not.toBe('approve');
  });

  it.each(['Thanks', 'Great article!', 'So true.', 'Agreed', 'Well said'])('approves %j', (text) => {
    expect(decide(text).action).toBe('approve');
  });
});

describe('identity swaps', () => {
  // Benign identity-template sentences (data/corpora/identity-templates, CC BY 4.0):
  // each with every other identity of the same template slot gets the same decision.
  const rows = parseTable(readFileSync('data/corpora/identity-templates/en_sentence_templates.csv', 'utf8'), 'csv').filter((r) => r.template === 'being_adj' && r.toxicity === 'nontoxic');
  it('changes no decision on the benign "Being <identity> is <adjective>" sentences', () => {
    const identities = [...new Set(rows.map((r) => /^Being (.+) is /.exec(r.phrase!)![1]!))];
    expect(identities.length).toBeGreaterThan(40);
    const changed: string[] = [];
    for (const adjective of ['wonderful', 'great', 'happy', 'kind']) {
      const actions = identities.map((id) => decide(`Being ${id} is ${adjective}`).action);
      identities.forEach((id, i) => {
        if (actions[i] !== actions[0]) changed.push(`${id} ${adjective}: ${actions[i]}`);
      });
    }
    expect(changed).toEqual([]);
  });

  it('gives the same decision and scores to a Muslim and a Christian mother', () => {
    const a = decide("I'm a Muslim mother of two and I think the school plan is good.");
    const b = decide("I'm a Christian mother of two and I think the school plan is good.");
    expect(a.action).toBe('approve');
    const labels = ['toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'threat'];
    for (const label of labels) expect(b.scores[label]).toBe(a.scores[label]);
  });
});
