// `moderate check [--rules DIR]`: JSON Lines in, one decision per line out, in
// input order, with the same engine as the service and no database.
import readline from 'node:readline';
import path from 'node:path';
import { z } from 'zod';
import { prepare, decide } from '../moderation/engine';
import { MemoryHistoryStore } from '../moderation/memory-history';
import { loadRuleBook, RuleFileError } from '../ruleset/loader';
import { UsageError, type CliIo } from './io';

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  site: z.string().min(1).max(100).optional(),
  name: z.string().min(1).max(200),
  text: z.string().min(1).max(100_000),
  email: z.string().max(320).optional(),
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(1000).optional(),
  articleId: z.string().max(200).optional(),
  articleUrl: z.string().max(2000).optional(),
  parentId: z.string().max(200).optional(),
  externalId: z.string().max(200).optional(),
  language: z.string().max(35).optional(),
});

export function parseFlags(argv: string[], known: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.includes(name)) throw new UsageError(`unknown option "${name}" (known: ${known.join(', ')})`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option ${name} needs a value`);
    flags[name] = value;
  }
  return flags;
}

export function loadRulesOrExplain(dir: string, override?: Record<string, unknown>) {
  try {
    return loadRuleBook(dir, override);
  } catch (err) {
    if (err instanceof RuleFileError) throw new UsageError(`invalid rules: ${err.message}`);
    throw err;
  }
}

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, ['--rules']);
  const book = loadRulesOrExplain(path.resolve(io.cwd, flags['--rules'] ?? 'rules'));
  const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  // Duplicates and floods inside one input stream are found like the service finds them.
  const history = new MemoryHistoryStore();
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new UsageError(`line ${lineNo}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`line ${lineNo}: ${issue.path.join('.') || 'line'}: ${issue.message}`);
    }
    const { id, ...fields } = parsed.data;
    const comment = { ...fields, site: fields.site ?? 'default' };
    const rules = book.forSite(comment.site);
    const prepared = prepare(comment);
    const now = Date.now();
    const commentId = String(id ?? lineNo);
    const snapshot = await history.recordAndFetch(prepared, commentId, now, rules.historyWindowSeconds);
    const decision = decide(rules, prepared, snapshot, now);
    io.stdout.write(
      `${JSON.stringify({ id: id ?? lineNo, decision: decision.action, reasons: decision.reasons, scores: decision.scores, rulesVersion: decision.rulesVersion })}\n`,
    );
  }
  return 0;
}
