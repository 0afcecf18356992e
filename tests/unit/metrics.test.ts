import { rocAuc } from '../../src/classifier/metrics';

describe('rocAuc', () => {
  it('is 1 when every positive outscores every negative, 0 when none does', () => {
    expect(rocAuc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([0.1], [0.5, 0.6])).toBe(0);
  });

  it('counts the share of positive-negative pairs ranked right', () => {
    // Pairs: (0.7 > 0.2), (0.7 < 0.8), (0.4 > 0.2), (0.4 < 0.8): 2 of 4.
    expect(rocAuc([0.7, 0.4], [0.2, 0.8])).toBe(0.5);
    // (0.9 beats both), (0.5 beats 0.3, loses to 0.6): 3 of 4.
    expect(rocAuc([0.9, 0.5], [0.3, 0.6])).toBe(0.75);
  });

  it('counts a tie as half a pair', () => {
    expect(rocAuc([0.5], [0.5])).toBe(0.5);
    expect(rocAuc([0.5, 0.9], [0.5, 0.1])).toBe(0.875);
  });

  it('matches counting pairs directly on scattered scores', () => {
    const pos = [0.31, 0.77, 0.52, 0.52, 0.9, 0.05];
    const neg = [0.2, 0.52, 0.6, 0.11, 0.77, 0.4, 0.01];
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(rocAuc(pos, neg)).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });
});
