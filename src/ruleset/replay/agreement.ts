// Agreement with moderators, treating "not approved" (hold or reject) as the
// positive class: precision = of the comments the rules stopped, how many the
// moderators also kept out; recall = of the comments moderators kept out, how
// many the rules stopped.
import type { Action } from '../../moderation/types';

export interface AgreementScores {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** null when undefined (nothing predicted positive, or no positives at all). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

const notApproved = (a: Action): boolean => a !== 'approve';

export class Agreement {
  private tp = 0;
  private fp = 0;
  private fn = 0;
  private tn = 0;

  add(predicted: Action, moderator: Action): void {
    const p = notApproved(predicted);
    const t = notApproved(moderator);
    if (p && t) this.tp += 1;
    else if (p) this.fp += 1;
    else if (t) this.fn += 1;
    else this.tn += 1;
  }

  scores(): AgreementScores {
    const precision = this.tp + this.fp > 0 ? this.tp / (this.tp + this.fp) : null;
    const recall = this.tp + this.fn > 0 ? this.tp / (this.tp + this.fn) : null;
    let f1: number | null = null;
    if (precision !== null && recall !== null) f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { truePositives: this.tp, falsePositives: this.fp, falseNegatives: this.fn, trueNegatives: this.tn, precision, recall, f1 };
  }
}
