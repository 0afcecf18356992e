// The service scores languages from rules/models/language-ngrams.json, not
// from eld's own database module (which keeps 160 MB resident): the file must
// be eld's database exactly, for the eld version installed.
import { readFileSync } from 'node:fs';
import { eldDatabase } from '../../../src/moderation/language/eld-library';
import { compactNgrams, loadNgramTable, NGRAM_FILE, tableOf, type NgramFile } from '../../../src/moderation/language/ngram-file';

describe('the compact language n-gram file', () => {
  const committed = JSON.parse(readFileSync(NGRAM_FILE, 'utf8')) as NgramFile;
  const version = (JSON.parse(readFileSync('node_modules/eld/package.json', 'utf8')) as { version: string }).version;

  it('is what tools/language-ngrams.js writes from the installed eld (run it after changing eld)', () => {
    const fresh = compactNgrams(eldDatabase(), committed.source);
    expect(committed.source).toContain(`eld ${version},`);
    expect(committed.languages).toEqual(fresh.languages);
    expect(committed.ngrams).toEqual(fresh.ngrams);
    expect(committed.counts).toBe(fresh.counts);
    expect(committed.pairs).toBe(fresh.pairs);
  });

  it("reads back every n-gram with eld's languages and scores", () => {
    const data = eldDatabase();
    const table = loadNgramTable();
    expect(table.offsets.size).toBe(Object.keys(data.ngrams).length);
    for (const [key, byLanguage] of Object.entries(data.ngrams)) {
      const at = table.offsets.get(key)!;
      const read: Record<string, number> = {};
      for (let i = 0; i < table.entries[at]!; i++) read[String(table.entries[at + 1 + 2 * i])] = table.entries[at + 2 + 2 * i]!;
      if (JSON.stringify(read) !== JSON.stringify(byLanguage)) expect([key, read]).toEqual([key, byLanguage]);
    }
    expect(table.codes[11]).toBe(data.languages[11]);
  });

  it('refuses a file whose counts and pairs do not agree', () => {
    expect(() => tableOf({ ...committed, counts: Buffer.from([1]).toString('base64') })).toThrow(/counts/);
    expect(() => tableOf({ ...committed, pairs: `${committed.pairs}AAAA` })).toThrow(/pair bytes/);
  });
});
