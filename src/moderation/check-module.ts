// The contract every check implements: a zod schema for its section of the
// rule file (with defaults), and a compile step run once per rule-set load
// that returns the pure per-comment function.
import type { z } from 'zod';
import type { Check } from './types';

/** Read-only access to files beside the rule file (word lists, models). */
export interface RuleResources {
  /** Text of a file, path relative to the rules directory. Throws with the path when missing. */
  readText(relativePath: string): string;
  readJson(relativePath: string): unknown;
}

export interface CheckModule<S extends z.ZodType = z.ZodType, N extends string = string> {
  /** Name of the check and of its section under `checks:` in the rule file. */
  name: N;
  schema: S;
  compile(config: z.output<S>, resources: RuleResources): Check;
}

export function defineCheck<S extends z.ZodType, const N extends string>(module: CheckModule<S, N>): CheckModule<S, N> {
  return module;
}
