// Counts how decisions move between the stored and the candidate rules
// (approve→hold, hold→reject, ...) and keeps a fair sample of each move.
import type { Action } from '../../moderation/types';
import type { ReplayOutcome } from './outcome';
import { seededRandom } from '../../util/seeded-random';

export interface Transition {
  from: Action;
  to: Action;
  count: number;
  samples: ReplayOutcome[];
}

export type ActionTally = Record<Action, number>;

export const emptyTally = (): ActionTally => ({ approve: 0, hold: 0, reject: 0 });


export class TransitionCounter {
  private readonly moves = new Map<string, Transition>();
  private readonly random: () => number;
  readonly before: ActionTally = emptyTally();
  readonly after: ActionTally = emptyTally();
  total = 0;
  changed = 0;

  /** `sampleSize` outcomes are kept per transition, chosen uniformly (reservoir sampling). */
  constructor(private readonly sampleSize: number, seed = 1) {
    this.random = seededRandom(seed);
  }

  add(outcome: ReplayOutcome): void {
    const { before, after } = outcome;
    this.total += 1;
    this.before[before.action] += 1;
    this.after[after.action] += 1;
    if (before.action === after.action) return;
    this.changed += 1;
    const key = `${before.action}>${after.action}`;
    let move = this.moves.get(key);
    if (!move) {
      move = { from: before.action, to: after.action, count: 0, samples: [] };
      this.moves.set(key, move);
    }
    move.count += 1;
    if (move.samples.length < this.sampleSize) {
      move.samples.push(outcome);
    } else {
      const slot = Math.floor(this.random() * move.count);
      if (slot < this.sampleSize) move.samples[slot] = outcome;
    }
  }

  /** Transitions, most frequent first; samples in stream order. */
  transitions(): Transition[] {
    return [...this.moves.values()]
      .map((m) => ({ ...m, samples: [...m.samples].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)) }))
      .sort((a, b) => b.count - a.count || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
  }
}
