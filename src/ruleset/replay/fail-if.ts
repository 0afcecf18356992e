// `--fail-if "precision<0.95"`: conditions on the candidate's metrics that
// make a replay fail (exit code 1), so a CI job can gate a rule change.
export const FAIL_IF_METRICS = {
  precision: 'candidate precision against moderators (not approved = positive)',
  recall: 'candidate recall against moderators',
  f1: 'candidate F1 against moderators',
  precision_delta: 'candidate precision minus current precision',
  recall_delta: 'candidate recall minus current recall',
  changed: 'number of decisions that would change',
  changed_rate: 'changed / replayed comments',
  approved_rate: 'candidate approve / replayed comments',
  held_rate: 'candidate hold / replayed comments',
  rejected_rate: 'candidate reject / replayed comments',
  moderated: 'number of replayed comments a moderator decided',
  total: 'number of replayed comments',
} as const;

export type FailIfMetric = keyof typeof FAIL_IF_METRICS;
export type Metrics = Record<FailIfMetric, number | null>;

const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '='] as const;
type Operator = (typeof OPERATORS)[number];

export interface FailIfCondition {
  /** As the user wrote it, for messages. */
  text: string;
  metric: FailIfMetric;
  operator: Operator;
  threshold: number;
}

export interface FailIfResult {
  condition: string;
  value: number | null;
  /** True when the condition holds (the candidate fails), or the metric is undefined. */
  failed: boolean;
  note?: string;
}

export class FailIfSyntaxError extends Error {}

const PATTERN = /^\s*([a-z_0-9]+)\s*(<=|>=|==|!=|<|>|=)\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(%?)\s*$/;

export function parseFailIf(text: string): FailIfCondition {
  const match = PATTERN.exec(text);
  if (!match) throw new FailIfSyntaxError(`--fail-if "${text}": expected METRIC OP NUMBER, e.g. "precision<0.95"`);
  const [, metric, operator, number, percent] = match as unknown as [string, string, Operator, string, string];
  if (!Object.hasOwn(FAIL_IF_METRICS, metric)) {
    throw new FailIfSyntaxError(`--fail-if "${text}": unknown metric "${metric}" (known: ${Object.keys(FAIL_IF_METRICS).join(', ')})`);
  }
  const threshold = Number(number) / (percent ? 100 : 1);
  return { text: text.trim(), metric: metric as FailIfMetric, operator, threshold };
}

function holds(value: number, operator: Operator, threshold: number): boolean {
  // Rates are computed with floating point; compare equality with a tolerance.
  const equal = Math.abs(value - threshold) < 1e-9;
  switch (operator) {
    case '<': return value < threshold && !equal;
    case '<=': return value < threshold || equal;
    case '>': return value > threshold && !equal;
    case '>=': return value > threshold || equal;
    case '==':
    case '=': return equal;
    case '!=': return !equal;
  }
}

/**
 * A metric that cannot be computed (precision with no moderated comments)
 * fails its condition: a gate that cannot be checked must not pass silently.
 */
export function evaluateFailIf(conditions: readonly FailIfCondition[], metrics: Metrics): FailIfResult[] {
  return conditions.map((c) => {
    const value = metrics[c.metric];
    if (value === null) return { condition: c.text, value, failed: true, note: `${c.metric} is undefined for this replay` };
    return { condition: c.text, value, failed: holds(value, c.operator, c.threshold) };
  });
}
