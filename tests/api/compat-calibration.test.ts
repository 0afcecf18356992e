// Measures the fixed probabilities that stand in for a classifier score (see
// src/api/compat/evidence-calibration.ts) on the labelled corpora, with the
// shipped rules, and fails when the table no longer matches the rules.
//
// Each signal is scored at even odds: P(label | fired) = TPR / (TPR + FPR),
// so the value does not depend on how many positives a corpus happens to hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVIDENCE_CALIBRATION } from '../../src/api/compat/evidence-calibration';
import { reasonsFor, type EvidenceSignal } from '../../src/api/compat/evidence-signals';
import { judgeWithoutStoring } from '../../src/api/compat/judge-only';
import { loadRuleBook } from '../../src/ruleset/loader';
import { CORPORA, csvRows, youtubeRows } from './compat-corpus';

/** How far the table may drift from a new measurement before it must be updated. */
const TOLERANCE = 0.05;

interface Labelled { text: string; positive: boolean }

function davidson(positiveClasses: string[]): Labelled[] {
  const rows = csvRows(readFileSync(path.join(CORPORA, 'davidson-hate-offensive/labeled_data.csv'), 'utf8'));
  // Every second row: half the time, and 10k rows still pin each value to about ±0.01.
  return rows.filter((_, i) => i % 2 === 0).map((r) => ({ text: r.tweet!, positive: positiveClasses.includes(r.class!) }));
}

const youtube = (): Labelled[] => youtubeRows().map((r) => ({ text: r.text, positive: r.spam }));

const rules = loadRuleBook('rules');
const deps = { rules: () => rules, now: () => Date.UTC(2024, 0, 1) };

function measure(signal: EvidenceSignal, data: Labelled[]): { fired: number; notFired: number } {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const row of data) {
    if (!row.text.trim()) continue;
    const fired = reasonsFor(judgeWithoutStoring(deps, { site: 'calibration', name: 'reader', text: row.text }), signal).length > 0;
    if (fired) row.positive ? counts.tp++ : counts.fp++;
    else row.positive ? counts.fn++ : counts.tn++;
  }
  const tpr = counts.tp / (counts.tp + counts.fn);
  const fpr = counts.fp / (counts.fp + counts.tn);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { fired: round(tpr / (tpr + fpr)), notFired: round((1 - tpr) / (1 - tpr + (1 - fpr))) };
}

describe('evidence calibration table', () => {
  it.each<[EvidenceSignal, () => Labelled[]]>([
    // Davidson: offensive (1) or hate (0) against neither (2).
    ['profanity', () => davidson(['0', '1'])],
    // Davidson: hate speech (0) against everything else.
    ['severeProfanity', () => davidson(['0'])],
    // YouTube Spam Collection: spam against ham.
    ['spamRules', youtube],
  ])('matches a fresh measurement for %s', (signal, data) => {
    const measured = measure(signal, data());
    const table = EVIDENCE_CALIBRATION[signal];
    const drift = `measured ${JSON.stringify(measured)}, table ${JSON.stringify(table)}`;
    expect({ signal, fired: Math.abs(measured.fired - table.fired) <= TOLERANCE, drift }).toEqual({ signal, fired: true, drift });
    expect({ signal, notFired: Math.abs(measured.notFired - table.notFired) <= TOLERANCE, drift }).toEqual({ signal, notFired: true, drift });
  });
});
