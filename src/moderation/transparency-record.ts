// A statement of reasons as a record for the EU's DSA Transparency Database
// (Art. 24(5)), in its API's field names and values. Without personal data:
// no names, texts, emails, IPs or reader ids; the facts name the rules that
// fired and how many readers reported, not what anyone wrote.
import type { StatementOfReasons } from './statement-of-reasons';

export interface TransparencyRecord {
  decision_visibility: string[];
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  category: string;
  content_type: string[];
  content_date: string;
  application_date: string;
  decision_facts: string;
  source_type: 'SOURCE_ARTICLE_16' | 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  /** The platform's own id of the statement: `<comment id>:v<version>`. */
  puid: string;
}

const CATEGORY_BY_CODE: Record<string, string> = {
  spam: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  off_topic: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  other: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  abuse: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  hate: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  illegal: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  threat: 'STATEMENT_CATEGORY_VIOLENCE',
  sexual: 'STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT',
  misinformation: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
  personal_data: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  impersonation: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
};

// A rule id's check (the part before the dot) and what it judges.
const CATEGORY_BY_CHECK: Record<string, string> = {
  profanity: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  dehumanisation: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  threat: 'STATEMENT_CATEGORY_VIOLENCE',
};

/** The category: from the moderator's code, the leading report reason, or the rule's check; spam and form rules are the site's scope. */
export function categoryOf(s: StatementOfReasons, leadingReport: string | null): string {
  if (s.code === 'reports.threshold' && leadingReport) return CATEGORY_BY_CODE[leadingReport] ?? CATEGORY_BY_CODE.other!;
  if (CATEGORY_BY_CODE[s.code]) return CATEGORY_BY_CODE[s.code]!;
  const [check, rule = ''] = s.code.split('.');
  if (check === 'classifier') return /spam/.test(rule) ? CATEGORY_BY_CODE.spam! : CATEGORY_BY_CODE.abuse!;
  return CATEGORY_BY_CHECK[check!] ?? CATEGORY_BY_CODE.other!;
}

const day = (iso: string) => iso.slice(0, 10);

export function transparencyRecord(s: StatementOfReasons, contentCreatedAt: Date): TransparencyRecord {
  const reports = s.facts.reports;
  const leading = reports ? [...reports.reasons].sort((a, b) => reports.reasons.filter((r) => r === b).length - reports.reasons.filter((r) => r === a).length)[0] ?? null : null;
  const rules = [...new Set(s.facts.reasons.map((r) => r.rule))];
  const facts = [
    s.source === 'moderator' ? `A moderator decided with code "${s.code}".` : s.source === 'notice' ? 'Readers\' reports reached the threshold in the site\'s rules.' : 'The site\'s automatic rules decided.',
    rules.length ? `Rules that fired: ${rules.join(', ')}.` : '',
    reports ? `Reports: ${reports.count} (${[...new Set(reports.reasons)].join(', ')}).` : '',
    s.decision === 'hold' ? 'The comment is not shown while it waits for review.' : 'The comment was removed.',
  ].filter(Boolean).join(' ');
  const illegal = s.ground.kind === 'illegal_content';
  return {
    decision_visibility: [s.decision === 'reject' ? 'DECISION_VISIBILITY_CONTENT_REMOVED' : 'DECISION_VISIBILITY_CONTENT_DISABLED'],
    decision_ground: illegal ? 'DECISION_GROUND_ILLEGAL_CONTENT' : 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    ...(illegal
      ? { illegal_content_legal_ground: 'The law named in the notice, or the criminal law on threats', illegal_content_explanation: s.ground.explanation }
      : { incompatible_content_ground: `Community rules: ${s.code}`, incompatible_content_explanation: s.ground.explanation }),
    category: categoryOf(s, leading),
    content_type: ['CONTENT_TYPE_TEXT'],
    content_date: day(new Date(contentCreatedAt).toISOString()),
    application_date: day(s.decidedAt),
    decision_facts: facts,
    source_type: s.source === 'notice' ? 'SOURCE_ARTICLE_16' : 'SOURCE_VOLUNTARY',
    automated_detection: s.automatedDetection ? 'Yes' : 'No',
    automated_decision: s.automatedDecision ? 'AUTOMATED_DECISION_FULLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: s.id,
  };
}
