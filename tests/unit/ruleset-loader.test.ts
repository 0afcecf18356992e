import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRuleBook, RuleFileError, deepMerge } from '../../src/ruleset/loader';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';

function rulesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('rule loader', () => {
  it('loads the shipped default rules', () => {
    const book = loadRuleBook('rules');
    expect(book.defaultRules.version).toMatch(/^[0-9a-f]{12}$/);
    expect(book.defaultRules.checks.map((c) => c.name)).toContain('validity');
  });

  it('reports the file and the field path of a bad value', () => {
    const dir = rulesDir({ 'default.yaml': 'checks:\n  validity:\n    maxLength: -3\n' });
    let error: unknown;
    try { loadRuleBook(dir); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(RuleFileError);
    expect((error as RuleFileError).file).toBe(path.join(dir, 'default.yaml'));
    expect((error as RuleFileError).fieldPath).toBe('checks.validity.maxLength');
  });

  it('rejects unknown keys, so typos do not pass silently', () => {
    const dir = rulesDir({ 'default.yaml': 'checks:\n  validity:\n    maxLenght: 10\n' });
    expect(() => loadRuleBook(dir)).toThrow(/checks\.validity/);
  });

  it('reports unparseable YAML with the file name', () => {
    const dir = rulesDir({ 'default.yaml': 'checks: [unclosed\n' });
    expect(() => loadRuleBook(dir)).toThrow(/default\.yaml: cannot parse/);
  });

  it('merges a site file over the default and versions each differently', () => {
    const dir = rulesDir({
      'default.yaml': 'checks:\n  validity:\n    maxLength: 100\n',
      'sites/news1.yaml': 'checks:\n  validity:\n    maxLength: 5\n    tooLongAction: reject\n',
    });
    const book = loadRuleBook(dir);
    const comment = { site: 'news1', name: 'a', text: 'abcdefgh' };
    expect(moderate(book.forSite('news1'), comment, EMPTY_HISTORY, 0).action).toBe('reject');
    expect(moderate(book.forSite('other'), comment, EMPTY_HISTORY, 0).action).toBe('approve');
    expect(book.forSite('news1').version).not.toBe(book.defaultRules.version);
  });

  it('never merges prototype keys from a rule file', () => {
    const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}')) as Record<string, unknown>;
    expect(merged).toEqual({ a: 1, b: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
