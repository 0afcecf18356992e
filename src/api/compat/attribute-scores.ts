// Perspective-style attribute scores from one of our decisions. Every value
// is a probability: a calibrated classifier score when the site's rules have
// that classifier, otherwise the measured probability behind a rule finding
// (evidence-calibration.ts). An attribute neither can score honestly is not
// offered: asking for it is an error, never a made-up number.
import type { Decision, Span } from '../../moderation/types';
import { EVIDENCE_CALIBRATION } from './evidence-calibration';
import { reasonsFor, signalAvailable, type EvidenceSignal } from './evidence-signals';

interface AttributeSource {
  /** Calibrated score (a classifier label, or the threat check's) to use when the decision has it. */
  classifierScore?: string;
  /** Rule findings that stand in for it when there is no score, and whose spans become span scores. */
  evidence?: EvidenceSignal;
  /** Reasons whose spans are evidence for the score too (the words behind a classifier label, a threat). */
  spanRules?: (rule: string) => boolean;
}

export const ATTRIBUTE_SOURCES = {
  TOXICITY: { classifierScore: 'toxicity', evidence: 'profanity', spanRules: (r) => r === 'classifier.toxicity' || r === 'classifier.short_text' || r === 'classifier.single_word' },
  SEVERE_TOXICITY: { classifierScore: 'severe_toxicity', evidence: 'severeProfanity', spanRules: (r) => r === 'classifier.severe_toxicity' || r.startsWith('threat.') || r.startsWith('dehumanisation.') },
  IDENTITY_ATTACK: { classifierScore: 'identity_attack', spanRules: (r) => r === 'classifier.identity_attack' || r.startsWith('dehumanisation.') },
  INSULT: { classifierScore: 'insult', spanRules: (r) => r === 'classifier.insult' || r === 'classifier.single_word' },
  THREAT: { classifierScore: 'threat', spanRules: (r) => r.startsWith('threat.') },
  PROFANITY: { evidence: 'profanity' },
  SPAM: { classifierScore: 'spam', evidence: 'spamRules' },
} as const satisfies Record<string, AttributeSource>;

export type Attribute = keyof typeof ATTRIBUTE_SOURCES;

export const isAttribute = (name: string): name is Attribute => Object.hasOwn(ATTRIBUTE_SOURCES, name);

export interface AttributeSpan {
  begin: number;
  end: number;
  value: number;
}

export interface AttributeScore {
  value: number;
  /** Where in comment.text the evidence is (UTF-16 offsets into the text as sent). */
  spans: AttributeSpan[];
}

/** Whether the decision's rules can score the attribute at all. */
export function canScore(decision: Pick<Decision, 'scores'>, attribute: Attribute): boolean {
  const source: AttributeSource = ATTRIBUTE_SOURCES[attribute];
  return (source.classifierScore !== undefined && source.classifierScore in decision.scores) || (source.evidence !== undefined && signalAvailable(decision, source.evidence));
}

const textSpans = (spans: Span[] | undefined): Span[] => (spans ?? []).filter((s) => s.field === 'text');

export function scoreAttribute(decision: Pick<Decision, 'scores' | 'reasons'>, attribute: Attribute): AttributeScore {
  const source: AttributeSource = ATTRIBUTE_SOURCES[attribute];
  const table = source.evidence !== undefined ? EVIDENCE_CALIBRATION[source.evidence] : null;
  const findings = source.evidence !== undefined ? reasonsFor(decision, source.evidence) : [];
  const classifier = source.classifierScore !== undefined ? decision.scores[source.classifierScore] : undefined;
  // canScore has made sure one of the two is there.
  const value = classifier ?? (findings.length > 0 ? table!.fired : table!.notFired);
  const seen = new Set<string>();
  const spans: AttributeSpan[] = [];
  const add = (span: Span, spanValue: number) => {
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    spans.push({ begin: span.start, end: span.end, value: spanValue });
  };
  for (const span of findings.flatMap((r) => textSpans(r.evidence.spans))) add(span, table!.fired);
  const scored = source.spanRules ? decision.reasons.filter((r) => source.spanRules!(r.rule)) : [];
  for (const span of scored.flatMap((r) => textSpans(r.evidence.spans))) add(span, value);
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  return { value, spans };
}
