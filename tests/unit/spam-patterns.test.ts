// Patterns check (contact details, money lures, self-promotion) on real rows
// from data/corpora/youtube-spam and sms-spam, compiled with the shipped rules.
import { patternsCheck } from '../../src/moderation/checks/patterns';
import { normalize } from '../../src/moderation/normalize';
import { PhraseMatcher } from '../../src/moderation/spam/phrase-matcher';
import { tokenize } from '../../src/moderation/spam/tokens';
import type { Reason } from '../../src/moderation/types';
import { actionOf, compileCheck } from './spam-check-harness';

const patterns = compileCheck(patternsCheck);
const run = patterns;
const patternReasons = (text: string): Reason[] => patterns(text).reasons;
const rule = (reasons: Reason[], id: string) => reasons.find((r) => r.rule === id);

describe('patterns check', () => {
  it('catches self-promotion, with the phrase span at original offsets', () => {
    const text = 'Hey guys check out my new channel and our first vid THIS IS US THE  MONKEYS!!!'; // youtube-spam, spam
    const decision = run(text);
    expect(actionOf(decision)).toBe('hold');
    const reason = rule(decision.reasons, 'patterns.promotion')!;
    const start = text.indexOf('check out my new channel');
    expect(reason.evidence.spans![0]).toMatchObject({ field: 'text', start, end: start + 'check out my new channel'.length });
    expect(reason.evidence.score).toBeGreaterThanOrEqual(reason.evidence.threshold!);
  });

  it('matches on normalised text: case and invisible characters do not hide a phrase', () => {
    const text = 'SUB\u200bSCRIBE TO MY CHANNEL\ufeff';
    const reason = rule(patternReasons(text), 'patterns.promotion')!;
    expect(reason.evidence.spans![0]).toMatchObject({ start: 0, end: text.indexOf('\ufeff'), text: 'SUB\u200bSCRIBE TO MY CHANNEL' });
  });

  it('adds weak phrases together: each alone is not enough', () => {
    expect(rule(patternReasons('check it out when you get home'), 'patterns.promotion')).toBeUndefined();
    // youtube-spam, spam: "my channel" and "subscribe" are weak alone, together they fire.
    const reason = rule(patternReasons('Hey guys I upload gaming videos every day on my channel, would love it if you subscribe!'), 'patterns.promotion')!;
    expect(reason.evidence.count).toBe(2);
  });

  it('catches like-bait, share-bait and subscriber requests, also misspelled or in Spanish', () => {
    for (const text of [
      'like this comment if your watching in 2015 or 2016', // youtube spam
      'Like this comment for no reason', // youtube spam
      'give it a like', // youtube spam
      'Share this video.. This song can beat PSY - Gangnam Style!', // youtube spam
      'If i reach 100 subscribers i will tazz my self and my friend', // youtube spam
      'Subscribe if you are watching in 2015', // youtube spam
      'please suscribe i am bored of 5 subscribers try to get it to 20!', // youtube spam: two weak words
      'los invito a subscribirse a mi canal', // youtube spam: two weak words
      'Nice song .See my new track.', // youtube spam: two weak phrases
      'I made a gaming channel (Unique right?) :L Angry Minecraft!', // youtube spam
      'everyone please come check our newest song in memories of Martin Luther  King Jr.', // youtube spam
      'My videos are half way decent, check them out if you want.', // youtube spam: two weak phrases
    ]) {
      expect(rule(patternReasons(text), 'patterns.promotion')).toBeDefined();
    }
  });

  it('leaves likes for the song and "check me out" in conversation alone', () => {
    for (const text of [
      'I really like this song.', // youtube ham
      'Like this in 2015! :D', // youtube ham
      'Thumbs up if you watched it in 2011', // youtube ham: "thumbs up if" is weak alone
      'Like if you came here too see how many views this song has.', // youtube ham
      "No I'm in the same boat. Still here at my moms. Check me out on yo. I'm half naked.", // sms ham
    ]) {
      expect(rule(patternReasons(text), 'patterns.promotion')).toBeUndefined();
    }
  });

  it('catches money and prize lures, with {money} and {num} slots', () => {
    const sms = 'URGENT! Your Mobile number has been awarded with a £2000 prize GUARANTEED. Call 09058094455 from land line. Claim 3030. Valid 12hrs only';
    const decision = run(sms); // sms-spam, spam
    expect(rule(decision.reasons, 'patterns.money')).toBeDefined();
    const phone = rule(decision.reasons, 'patterns.phone')!;
    const start = sms.indexOf('09058094455');
    expect(phone.evidence.spans![0]).toEqual({ field: 'text', start, end: start + 11, text: '09058094455' });

    expect(rule(patternReasons('I earn $500 a day now'), 'patterns.money')!.evidence.spans![0]!.text).toBe('earn $500 a day');
    expect(rule(patternReasons('bitcoin doubling is real, I got mine back'), 'patterns.money')).toBeDefined();
  });

  it('finds phone numbers written with spaces or dots, and short codes after "txt"', () => {
    const spaced = 'UpgrdCentre Orange customer, you may now claim your FREE CAMERA PHONE upgrade for your loyalty. Call now on 0207 153 9153. Offer ends 26th July.'; // sms spam
    const phone = rule(patternReasons(spaced), 'patterns.phone')!;
    expect(phone.evidence.spans![0]).toMatchObject({ text: '0207 153 9153', matched: '02071539153' });
    expect(rule(patternReasons('call me on 555.123.4567 after six'), 'patterns.phone')!.evidence.spans![0]!.text).toBe('555.123.4567');
    const shortCode = 'SMS AUCTION - A BRAND NEW Nokia 7250 is up 4 auction today! Auction is FREE 2 join & take part! Txt NOKIA to 86021 now!'; // sms spam
    const contact = rule(patternReasons(shortCode), 'patterns.contact')!;
    expect(contact.evidence.spans![0]!.text).toBe('Txt NOKIA to 86021');
  });

  it('holds "whatsapp me" and email addresses', () => {
    expect(rule(patternReasons('He fixed my account, WhatsApp me for his number'), 'patterns.contact')).toBeDefined();
    const text = 'for the full video email me: hotgirl.pics@example.com';
    const email = rule(patternReasons(text), 'patterns.email')!;
    expect(email.evidence.spans![0]).toMatchObject({ start: text.indexOf('hotgirl'), end: text.length });
  });

  it('leaves real comments alone', () => {
    for (const text of [
      'I love this song\ufeff', // youtube ham
      '2.126.521.750  views!!!!!!!!!!!!!!!!!\ufeff', // youtube ham: a count, not a phone number
      '1000000000 views.\ufeff', // youtube ham
      'Since when has Katy Perry had her own YouTube channel?\ufeff', // youtube ham
      "C'mon Katy you are so close to 14,000,000 subscribers...come up with  another hit", // youtube ham
      'Yeah probably, I still gotta check out with leo', // sms ham
      'I want to send something that can sell fast.  <#> k is not easy money.', // sms ham
      'If we win its really no 1 side for long time.', // sms ham
      'I am waiting machan. Call me once you free.', // sms ham
    ]) {
      expect(patternReasons(text)).toEqual([]);
    }
  });

  it('refuses a phrase list with an unknown placeholder', () => {
    const config = { groups: { money: { list: 'lists/bad.txt', rule: 'p.money', description: 'money' } } };
    expect(() => compileCheck(patternsCheck, config, { 'lists/bad.txt': 'earn {cash} fast\n' })).toThrow(/\{cash\}/);
  });

  it('uses the rule id and action a site configures for a group', () => {
    const config = { groups: { money: { list: 'lists/m.txt', rule: 'site.lure', description: 'money', action: 'reject', threshold: 1 } } };
    const site = compileCheck(patternsCheck, config, { 'lists/m.txt': 'bitcoin doubling\nfree | 0.5\n' });
    expect(site('free free free, totally free').reasons).toEqual([]);
    const result = site('Bitcoin doubling in 24 hours');
    expect(result.reasons.map((r) => [r.rule, r.action])).toEqual([['site.lure', 'reject']]);
    expect(result.scores!.money).toBe(1);
  });
});

describe('phrase matcher', () => {
  // One list with every way a phrase can go on after its first word.
  const matcher = new PhraseMatcher([{ phrases: ['free', 'free {any} now', 'win {money} today', 'text {num}', 'call me now', 'call us'] }]);
  const found = (text: string) => {
    const tokens = tokenize(normalize(text).text);
    return matcher.match(tokens).map((h) => `${h.phrase}@${h.first}`);
  };

  it('matches from a first word whatever follows it: one-word phrases and {any}', () => {
    expect(found('it is free')).toEqual(['free@2']);
    expect(found('free stuff now')).toEqual(['free {any} now@0']);
  });

  it('matches a placeholder second word only when a number follows', () => {
    expect(found('you win $500 today')).toEqual(['win {money} today@1']);
    expect(found('text 80082 for a prize')).toEqual(['text {num}@0']);
    expect(found('you win again today, text me')).toEqual([]);
  });

  it('matches a literal second word, and not another one', () => {
    expect(found('please call me now')).toEqual(['call me now@1']);
    expect(found('call us')).toEqual(['call us@0']);
    expect(found('call them now, or call')).toEqual([]);
  });
});
