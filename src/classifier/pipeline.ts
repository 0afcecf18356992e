// From raw examples to model files for every label: deduplicate, then train
// and calibrate each label. Used by `moderate train` and the evaluations.
import { deduplicate, LABELS, type DataFileRecord, type Example, type Label } from './corpora';
import type { ModelFile } from './linear-model';
import { FeatureCache, RECIPES, toModelFile, trainLabel, type LabelRecipe } from './train';

export interface PipelineOptions {
  labels?: readonly Label[];
  /** The features (and so the identity terms and vectors) to train with. */
  cache: FeatureCache;
  calibrationFolds?: number;
  /** Recipes to use instead of the shipped ones (RECIPES), per label: for measuring variants. */
  recipes?: Partial<Record<Label, LabelRecipe>>;
  /** Added to every label's seed: only to show that the seed matters. */
  seedShift?: number;
  /** Progress lines (label, counts, time) for the command line. */
  log?: (line: string) => void;
}

export function trainModels(examples: readonly Example[], data: DataFileRecord[], options: PipelineOptions): Map<Label, ModelFile> {
  const folds = options.calibrationFolds ?? 3;
  const unique = deduplicate(examples);
  const out = new Map<Label, ModelFile>();
  for (const label of options.labels ?? LABELS) {
    const started = Date.now();
    const base = options.recipes?.[label] ?? RECIPES[label];
    const recipe = { ...base, settings: { ...base.settings, seed: base.settings.seed + (options.seedShift ?? 0) } };
    const trained = trainLabel(unique, { label, cache: options.cache, calibrationFolds: folds, recipe });
    out.set(label, toModelFile(trained, data, recipe, folds));
    options.log?.(`${label}: ${trained.examples} examples (${trained.positives} positive), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return out;
}
