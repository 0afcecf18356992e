// Precision, recall and F1 for binary and multi-class decisions.

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryMetrics extends BinaryCounts {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** 0 when undefined (no predicted or no actual positives), as scikit-learn reports it. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function binaryMetrics(predicted: readonly boolean[], actual: readonly boolean[]): BinaryMetrics {
  const c: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i]) actual[i] ? c.tp++ : c.fp++;
    else actual[i] ? c.fn++ : c.tn++;
  }
  return withRates(c);
}

export function withRates(c: BinaryCounts): BinaryMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return { ...c, precision, recall, f1: ratio(2 * precision * recall, precision + recall), accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn) };
}

export interface MultiClassMetrics {
  classes: string[];
  /** confusion[actual][predicted] */
  confusion: number[][];
  perClass: Array<{ name: string; precision: number; recall: number; f1: number; support: number }>;
  weightedF1: number;
  macroF1: number;
  accuracy: number;
}

export function multiClassMetrics(classes: readonly string[], predicted: readonly string[], actual: readonly string[]): MultiClassMetrics {
  const index = new Map(classes.map((c, i) => [c, i]));
  const confusion = classes.map(() => classes.map(() => 0));
  for (let i = 0; i < predicted.length; i++) {
    const a = index.get(actual[i]!);
    const p = index.get(predicted[i]!);
    if (a === undefined || p === undefined) throw new Error(`unknown class "${a === undefined ? actual[i] : predicted[i]}"`);
    confusion[a]![p]!++;
  }
  const total = predicted.length;
  const perClass = classes.map((name, k) => {
    const tp = confusion[k]![k]!;
    const support = confusion[k]!.reduce((s, v) => s + v, 0);
    const predictedK = confusion.reduce((s, row) => s + row[k]!, 0);
    const precision = ratio(tp, predictedK);
    const recall = ratio(tp, support);
    return { name, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const correct = classes.reduce((s, _, k) => s + confusion[k]![k]!, 0);
  return {
    classes: [...classes],
    confusion,
    perClass,
    weightedF1: ratio(perClass.reduce((s, c) => s + c.f1 * c.support, 0), total),
    macroF1: ratio(perClass.reduce((s, c) => s + c.f1, 0), classes.length),
    accuracy: ratio(correct, total),
  };
}

/**
 * ROC AUC: the chance that a randomly drawn positive scores above a randomly
 * drawn negative, ties counting half (the Mann-Whitney U statistic over the
 * product of the counts). NaN when either side is empty.
 */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  const all = [...positives.map((s) => [s, 1] as const), ...negatives.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    // Tied scores share the mean of the ranks i+1..j.
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]![1] === 1) rankSum += midRank;
    i = j;
  }
  const p = positives.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives.length);
}
