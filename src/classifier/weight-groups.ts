// Models that read the same features keep their 16-bit weights interleaved
// (bucket-major), so the labels' weights for a feature share a cache line:
// scoring several labels costs little more than one. The interleaved array
// is then the only copy of the weights, shared by every rule set naming the
// same model files.
import { quantise, storeQuantisedIn, type LinearModel } from './linear-model';

export interface Interleaved {
  weights: Int16Array;
  scales: Float64Array;
}

function interleave(models: readonly LinearModel[]): Interleaved {
  const n = models.length;
  const size = 1 << models[0]!.features.hashBits;
  const out = new Int16Array(size * n);
  const scales = new Float64Array(n);
  models.forEach((m, j) => {
    const q = quantise(m);
    scales[j] = q.scale;
    for (let i = 0; i < size; i++) out[i * n + j] = q.values[i]!;
  });
  models.forEach((m, j) => storeQuantisedIn(m, out, n, j));
  return { weights: out, scales };
}

const byFirstModel = new WeakMap<LinearModel, Array<{ models: readonly LinearModel[]; interleaved: Interleaved }>>();

export function sharedInterleave(models: readonly LinearModel[]): Interleaved {
  const known = byFirstModel.get(models[0]!) ?? [];
  let entry = known.find((e) => e.models.length === models.length && e.models.every((m, j) => m === models[j]));
  if (!entry) {
    entry = { models: [...models], interleaved: interleave(models) };
    known.push(entry);
    byFirstModel.set(models[0]!, known);
  }
  return entry.interleaved;
}
