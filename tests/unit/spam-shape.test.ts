// Shape check on real comments from data/corpora/youtube-spam and sms-spam.
// The shipped rules keep only the repeated-phrase signal on (the others held
// more real comments than spam), so the other signals are tested with a
// site configuration that turns them on.
import { shapeCheck } from '../../src/moderation/checks/shape';
import { actionOf, compileCheck, reasonFor } from './spam-check-harness';
import { normalize } from '../../src/moderation/normalize';
import { shapeOf } from '../../src/moderation/spam/comment-text';
import { caseStats, textStats } from '../../src/moderation/spam/shape-stats';

const shipped = compileCheck(shapeCheck);
const strict = compileCheck(shapeCheck, {
  shouting: { action: 'hold', minLetters: 20, minRatio: 0.9 },
  repeatedCharacters: { action: 'hold', minRun: 10 },
  repeatedWords: { action: 'hold', minRepeats: 4 },
  symbols: { action: 'hold', minChars: 20, maxLetterRatio: 0.2 },
});

describe('shape check', () => {
  it('holds a pasted advert repeated in one comment, with the first copy as evidence', () => {
    // youtube-spam, Eminem video, spam
    const text = 'CHECK OUT THIS DOPE CHANNEL!    phenomenallyricshere CHECK OUT THIS DOPE CHANNEL!    phenomenallyricshere CHECK OUT THIS DOPE CHANNEL!    phenomenallyricshere';
    const result = shipped(text);
    expect(actionOf(result)).toBe('hold');
    const reason = reasonFor(result, 'shape.repeated_phrase')!;
    expect(reason.evidence).toMatchObject({ count: 3, limit: 3 });
    expect(reason.evidence.spans![0]).toMatchObject({ field: 'text', start: 0, text: 'CHECK OUT THIS DOPE' });
  });

  it('leaves real comments alone under the shipped rules, and still scores them', () => {
    for (const text of [
      'PSY GOT LOTS  OF MONEY FROM YOUTUBE THAT HE GOT FROM 2 BILLION VIEWS THIS  IS THE MOST VIEWS IN THE WORLD :D\ufeff', // youtube ham
      'the views...... They\'re over 90,000!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\ufeff', // youtube ham
      'cool cool cool cool cool cool cool\ufeff', // youtube ham
      'Japanese Proverb: If one Can do it, U too Can do it, If none Can do it,U must do it', // sms ham
    ]) {
      expect(shipped(text).reasons).toEqual([]);
    }
    expect(shipped('PSY GOT LOTS  OF MONEY FROM YOUTUBE THAT HE GOT FROM 2 BILLION VIEWS').scores!.shouting).toBe(1);
  });

  it('measures shouting on the original text, over cased letters only', () => {
    const text = 'URGENT! Your Mobile number has been awarded with a £2000 prize GUARANTEED.'; // sms spam: mixed case
    expect(reasonFor(strict(text), 'shape.shouting')).toBeUndefined();
    const shouted = 'HOW MANY THUMBS UP FOR LOUIS SAVING THE DAY!?!?\ufeff'; // youtube spam
    const reason = reasonFor(strict(shouted), 'shape.shouting')!;
    expect(reason.evidence).toMatchObject({ score: 1, threshold: 0.9, count: 35 });
    // Too few letters to judge.
    expect(strict('OMG YES').scores!.shouting).toBeUndefined();
  });

  it('finds a run of one character, with its original offsets', () => {
    const text = 'LOVE IT!!!!!!!!!!!! so good';
    const reason = reasonFor(strict(text), 'shape.repeated_characters')!;
    expect(reason.evidence.spans![0]).toEqual({ field: 'text', start: 7, end: 19, text: '!!!!!!!!!!!!' });
    expect(reason.evidence.count).toBe(12);
  });

  it('finds one word said over and over', () => {
    const text = 'buy buy buy buy now';
    const reason = reasonFor(strict(text), 'shape.repeated_words')!;
    expect(reason.evidence.spans![0]).toMatchObject({ start: 0, end: 15, text: 'buy buy buy buy' });
    expect(reason.message).toContain('"buy" 4 times');
  });

  it('finds text that is mostly symbols', () => {
    const reason = reasonFor(strict('-----&gt;&gt;&gt;&gt; ----->>>> <<<<---- $$$$ 1234'), 'shape.symbols')!;
    expect(reason.evidence.score).toBeLessThanOrEqual(0.2);
    expect(reasonFor(strict('This is a perfectly ordinary sentence about music.'), 'shape.symbols')).toBeUndefined();
  });
});

describe('one-pass ASCII shape stats', () => {
  it('agree with the two general passes on ASCII text (more in spam-comment-text.test.ts)', () => {
    const samples = [
      'PLEASE SUBSCRIBE TO MY CHANNEL!!!!!!!!!!!!!!!!',
      'Aaaaaaaah this is  soooo   good\tright?\n',
      '$$$ 100% FREE $$$ >>> www.example.com <<<',
      '',
      '   ',
      'AAAaaaBBBbbb 123 ... ---',
    ];
    for (const text of samples) {
      const n = normalize(text);
      expect(n.ascii).toBe(true);
      const { cases, stats } = shapeOf(n);
      expect(cases).toEqual(caseStats(text));
      expect(stats).toEqual(textStats(n.text));
    }
  });
});
