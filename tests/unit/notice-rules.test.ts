// The pure parts of notice and action: thresholds, moderator codes, the
// statement of reasons and its Transparency Database record.
import { moderatorCodeOf, reportsReachThreshold } from '../../src/moderation/notice-rules';
import { statementOfReasons, type StatementInput } from '../../src/moderation/statement-of-reasons';
import { transparencyRecord } from '../../src/moderation/transparency-record';
import type { Reason } from '../../src/moderation/types';

const slur: Reason = { check: 'profanity', rule: 'profanity.slur', action: 'reject', message: 'Contains a slur.', evidence: { spans: [{ field: 'text', start: 4, end: 9, text: 'xxxxx', matched: 'xxxxx' }] } };
const input = (over: Partial<StatementInput> = {}): StatementInput => ({
  comment: { id: 'c1', site: 'news1', status: 'reject', version: 1, createdAt: new Date('2026-01-01T10:00:00Z'), decision: { action: 'reject', reasons: [slur], decidedAt: new Date('2026-01-01T10:00:01Z') } },
  event: null, reports: [], appeals: { enabled: true, windowDays: 10 }, ...over,
});

describe('report thresholds', () => {
  const rules = { holdAfter: 3, holdAfterByReason: { illegal: 1, threat: 2 } };
  it.each([
    [['spam', 'spam'], false], [['spam', 'abuse', 'hate'], true], [['illegal'], true], [['threat'], false], [['threat', 'spam', 'threat'], true], [[], false],
  ] as const)('%j reaches a threshold: %s', (reasons, expected) => {
    expect(reportsReachThreshold(rules, reasons)).toBe(expected);
  });
});

describe('moderator codes', () => {
  it('takes the code, maps a free-text reason to other, and a reason that names a code to that code', () => {
    expect(moderatorCodeOf('threat', 'whatever')).toBe('threat');
    expect(moderatorCodeOf(undefined, 'Posted the same link everywhere')).toBe('other');
    expect(moderatorCodeOf(undefined, ' Spam ')).toBe('spam');
    expect(moderatorCodeOf(undefined, undefined)).toBeNull();
    expect(moderatorCodeOf('not-a-code', undefined)).toBeNull();
  });
});

describe('statement of reasons', () => {
  it('explains an automatic reject by its rule, spans and automation, with the appeal deadline', () => {
    const s = statementOfReasons(input())!;
    expect(s).toMatchObject({ id: 'c1:v1', code: 'profanity.slur', source: 'automated', automatedDetection: true, automatedDecision: true, ground: { kind: 'terms' } });
    expect(s.facts.reasons).toEqual([{ rule: 'profanity.slur', message: 'Contains a slur.', spans: [{ field: 'text', start: 4, end: 9 }] }]);
    expect(s.appeal).toMatchObject({ available: true, until: '2026-01-11T10:00:01.000Z' });
  });

  it('says a person decided, with their code, when the current version is theirs; nothing for a published comment', () => {
    const event = { actor: 'mo', automated: false, to: 'reject' as const, code: 'threat', note: 'Threatens a named person.', at: new Date('2026-01-02T00:00:00Z'), version: 2 };
    const s = statementOfReasons(input({ comment: { ...input().comment, version: 2 }, event, appeals: undefined }))!;
    expect(s).toMatchObject({ source: 'moderator', code: 'threat', note: 'Threatens a named person.', automatedDecision: false, ground: { kind: 'illegal_content' }, appeal: { available: false, until: null } });
    expect(statementOfReasons(input({ comment: { ...input().comment, status: 'approve' } }))).toBeNull();
  });

  it('turns into a Transparency Database record without the text', () => {
    const record = transparencyRecord(statementOfReasons(input())!, new Date('2026-01-01T10:00:00Z'));
    expect(record).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
      automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_FULLY', source_type: 'SOURCE_VOLUNTARY', application_date: '2026-01-01', puid: 'c1:v1',
    });
    expect(JSON.stringify(record)).not.toContain('xxxxx');
  });
});
