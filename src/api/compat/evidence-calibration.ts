// Rule findings are yes/no, not probabilities. To answer with a probability
// when no classifier score exists, each signal maps to two fixed values, the
// share of positives among labelled comments where it fired and where it did
// not, measured on the corpora in data/corpora with the shipped rules.
// tests/api/compat-calibration.test.ts measures them again and fails when the
// rules have drifted away from these numbers.
import type { EvidenceSignal } from './evidence-signals';

export interface SignalCalibration {
  /** P(label | signal fired). */
  fired: number;
  /** P(label | signal did not fire). */
  notFired: number;
}

// Measured at even odds (P = TPR / (TPR + FPR)), so the values do not depend
// on the share of positives in a corpus; a site's own share shifts them.
export const EVIDENCE_CALIBRATION: Record<EvidenceSignal, SignalCalibration> = {
  // Davidson et al. tweets: offensive or hate against neither.
  profanity: { fired: 0.95, notFired: 0.16 },
  // Davidson et al. tweets: hate speech against the rest, signalled by the
  // reject tier (slurs). Slurs are also used casually, so a finding is strong
  // evidence but not proof. (Measured with the default policy's
  // confirmRejects: in-group spellings of one slur reject only when the hate
  // classifier agrees, so the remaining rejects are stronger evidence.)
  severeProfanity: { fired: 0.93, notFired: 0.34 },
  // YouTube Spam Collection: spam against ham.
  spamRules: { fired: 0.99, notFired: 0.23 },
};
