// The harm suite (data/harm-suite/pairs.tsv): harmful sentences and their
// safe twins, run through the whole engine. A harmful sentence should not be
// approved; its twin should be.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTable } from '../classifier/table-reader';
import { moderate, type CompiledRuleSet } from '../moderation/engine';
import { EMPTY_HISTORY, type Action } from '../moderation/types';

export type SuitePart = 'dev' | 'test' | 'all';

export interface SuitePair {
  index: number;
  part: 'dev' | 'test';
  category: string;
  harmful: string;
  safe: string;
}

export function readSuite(file: string): SuitePair[] {
  return parseTable(readFileSync(file, 'utf8'), 'tsv').map((row, index) => ({
    index,
    part: index % 2 === 0 ? 'dev' : 'test',
    category: row.category ?? '',
    harmful: row.harmful ?? '',
    safe: row.safe ?? '',
  }));
}

export interface SuiteResult {
  part: SuitePart;
  pairs: number;
  harmfulFlagged: number;
  safeApproved: number;
  byCategory: Record<string, { pairs: number; harmfulFlagged: number; safeApproved: number }>;
  misses: Array<{ category: string; text: string; expected: 'flag' | 'approve'; action: Action; rules: string[] }>;
}

export function runSuite(rules: CompiledRuleSet, dataDir: string, part: SuitePart): SuiteResult {
  const pairs = readSuite(path.join(dataDir, 'harm-suite/pairs.tsv')).filter((p) => part === 'all' || p.part === part);
  const decide = (text: string) => moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);
  const result: SuiteResult = { part, pairs: pairs.length, harmfulFlagged: 0, safeApproved: 0, byCategory: {}, misses: [] };
  for (const p of pairs) {
    const c = (result.byCategory[p.category] ??= { pairs: 0, harmfulFlagged: 0, safeApproved: 0 });
    c.pairs++;
    const harmful = decide(p.harmful);
    const safe = decide(p.safe);
    if (harmful.action !== 'approve') {
      result.harmfulFlagged++;
      c.harmfulFlagged++;
    } else result.misses.push({ category: p.category, text: p.harmful, expected: 'flag', action: harmful.action, rules: [] });
    if (safe.action === 'approve') {
      result.safeApproved++;
      c.safeApproved++;
    } else result.misses.push({ category: p.category, text: p.safe, expected: 'approve', action: safe.action, rules: safe.reasons.map((r) => r.rule) });
  }
  return result;
}
