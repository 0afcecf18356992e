// Identity fairness (Dixon et al., AIES 2018): in the benign identity
// templates (data/corpora/identity-templates/en_sentence_templates.csv), the
// same sentence with one identity swapped for another should get the same
// decision. Sentences are grouped by their text with the identity taken out;
// a decision "changes" when it differs from its group's most common one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTable } from '../classifier/table-reader';
import { moderate, type CompiledRuleSet } from '../moderation/engine';
import { EMPTY_HISTORY, type Action } from '../moderation/types';

export interface SwapResult {
  sentences: number;
  groups: number;
  changed: number;
  rate: number;
  /** The identities whose sentences changed most often. */
  worst: Array<{ identity: string; changed: number }>;
  examples: string[];
}

export function identitySwaps(rules: CompiledRuleSet, dataDir: string, toxicity: 'nontoxic' | 'toxic' = 'nontoxic'): SwapResult {
  const rows = parseTable(readFileSync(path.join(dataDir, 'identity-templates/en_sentence_templates.csv'), 'utf8'), 'csv');
  // The identities are those the "Being <identity> is <adjective>" template names.
  const identities = [...new Set(rows.filter((r) => r.template === 'being_adj').map((r) => /^Being (.+) is \w+$/.exec(r.phrase ?? '')?.[1]).filter((x): x is string => !!x))].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`\\b(${identities.map((i) => i.replace(/ /g, '\\s')).join('|')})\\b`);
  const groups = new Map<string, Array<{ identity: string; text: string; action: Action }>>();
  for (const row of rows) {
    if (row.toxicity !== toxicity || row.template === 'you_occupation') continue;
    const text = row.phrase ?? '';
    const m = pattern.exec(text);
    if (!m) continue;
    const key = `${row.template}|${text.slice(0, m.index)}<id>${text.slice(m.index + m[0].length)}`;
    const action = moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0).action;
    const list = groups.get(key) ?? [];
    list.push({ identity: m[1]!, text, action });
    groups.set(key, list);
  }
  let sentences = 0;
  let changed = 0;
  const byIdentity = new Map<string, number>();
  const examples: string[] = [];
  for (const list of groups.values()) {
    sentences += list.length;
    const counts = new Map<Action, number>();
    for (const e of list) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
    const usual = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    for (const e of list) {
      if (e.action === usual) continue;
      changed++;
      byIdentity.set(e.identity, (byIdentity.get(e.identity) ?? 0) + 1);
      if (examples.length < 10) examples.push(`${e.text} -> ${e.action} (usually ${usual})`);
    }
  }
  const worst = [...byIdentity].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([identity, n]) => ({ identity, changed: n }));
  return { sentences, groups: groups.size, changed, rate: sentences ? changed / sentences : 0, worst, examples };
}
