// Compiles one content check with its section of the shipped rules/default.yaml
// (or a given config), reading list files from rules/ like the loader does,
// and runs it on a comment prepared by the engine. Testing the check alone
// keeps these tests independent of the other checks' dependencies.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { CheckModule, RuleResources } from '../../src/moderation/check-module';
import { prepare } from '../../src/moderation/engine';
import { EMPTY_HISTORY, type CheckResult, type Reason } from '../../src/moderation/types';

const RULES_DIR = path.resolve(__dirname, '../../rules');

function resourcesIn(dir: string, files: Record<string, string> = {}): RuleResources {
  const readText = (rel: string) => files[rel] ?? readFileSync(path.join(dir, rel), 'utf8');
  return { readText, readJson: (rel) => JSON.parse(readText(rel)) };
}

export type RunCheck = (text: string, name?: string) => CheckResult;

/**
 * The check as configured in the shipped default rules, or with `config`
 * instead (lists in `files` by relative path are used before those in rules/).
 */
export function compileCheck(module: CheckModule, config?: unknown, files?: Record<string, string>): RunCheck {
  const shipped = (YAML.parse(readFileSync(path.join(RULES_DIR, 'default.yaml'), 'utf8')) as { checks?: Record<string, unknown> }).checks?.[module.name];
  const parsed = module.schema.parse(config === undefined ? shipped : config);
  const check = module.compile(parsed, resourcesIn(RULES_DIR, files));
  return (text, name = 'reader') => check({ ...prepare({ site: 'test', name, text }), history: EMPTY_HISTORY, now: Date.now() });
}

/** The first reason with this rule id. */
export const reasonFor = (result: CheckResult, ruleId: string): Reason | undefined => result.reasons.find((r) => r.rule === ruleId);

/** The action of the strongest reason, as the policy would combine them. */
export function actionOf(result: CheckResult): 'approve' | 'hold' | 'reject' {
  if (result.reasons.some((r) => r.action === 'reject')) return 'reject';
  return result.reasons.some((r) => r.action === 'hold') ? 'hold' : 'approve';
}
