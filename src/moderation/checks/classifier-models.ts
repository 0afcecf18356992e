// Reading the classifier's model files and word vectors for a rule set.
// Decoded files are shared by every rule set that names the same content
// (the default and each site), so sites do not multiply memory.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodeModel, ModelFileError, type LinearModel } from '../../classifier/linear-model';
import { decodeVectors, VectorsFileError, type WordVectors } from '../../classifier/word-vectors';
import type { RuleResources } from '../check-module';

const CACHE_LIMIT = 16;
const decodedModels = new Map<string, LinearModel>();
const decodedVectors = new Map<string, WordVectors>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

export function loadModel(resources: RuleResources, file: string, label: string): LinearModel {
  const text = resources.readText(file);
  const key = createHash('sha256').update(text).digest('hex');
  let model = decodedModels.get(key);
  if (!model) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(`"${file}" is not valid JSON: ${(err as Error).message}`);
    }
    try {
      model = remember(decodedModels, key, decodeModel(raw).model);
    } catch (err) {
      if (err instanceof ModelFileError) throw new Error(`"${file}": ${err.message}`);
      throw err;
    }
  }
  if (model.label !== label) throw new Error(`labels.${label}: "${file}" holds a "${model.label}" model`);
  return model;
}

/** The word vectors a model file names, read from beside it and checked against the hash it recorded. */
export function loadVectors(resources: RuleResources, modelFile: string, named: { file: string; sha256: string }): WordVectors {
  const file = path.posix.join(path.posix.dirname(modelFile), named.file);
  const text = resources.readText(file);
  const key = createHash('sha256').update(text).digest('hex');
  if (key !== named.sha256) throw new Error(`"${file}" is not the word-vector file "${modelFile}" was trained with (sha256 ${named.sha256})`);
  let vectors = decodedVectors.get(key);
  if (!vectors) {
    try {
      vectors = remember(decodedVectors, key, decodeVectors(text));
    } catch (err) {
      if (err instanceof VectorsFileError) throw new Error(`"${file}": ${err.message}`);
      throw err;
    }
  }
  return vectors;
}
