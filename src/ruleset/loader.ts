// Loads a rules directory: default.yaml (or .json) plus sites/<site>.yaml
// overrides deep-merged over it, validated with zod, compiled once. Every file
// read (lists and models included) goes into the version hash, so a decision's
// rulesVersion names exactly the rules that made it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { RuleResources } from '../moderation/check-module';
import { CHECKS } from '../moderation/checks';
import { historyWindowSeconds } from '../moderation/checks/history';
import type { CompiledRuleSet } from '../moderation/engine';
import { languagePolicy } from '../moderation/language/language-rules';
import { checksSchema, ruleFileSchema, type RuleFile } from './schema';

type CompiledCheck = CompiledRuleSet['checks'][number];

export class RuleFileError extends Error {
  constructor(readonly file: string, readonly fieldPath: string, readonly problem: string) {
    super(`${file}${fieldPath ? `: ${fieldPath}` : ''}: ${problem}`);
  }
}

export interface RuleBook {
  dir: string;
  defaultRules: CompiledRuleSet;
  sites: ReadonlyMap<string, CompiledRuleSet>;
  forSite(site: string): CompiledRuleSet;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars in the override replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlain(base) || !isPlain(override)) return override === undefined ? base : override;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = deepMerge(base[key], value);
  }
  return out;
}

function parseFile(file: string, text: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 50 });
  } catch (err) {
    throw new RuleFileError(file, '', `cannot parse: ${(err as Error).message.split('\n')[0]}`);
  }
}

function findRuleFile(dir: string, base: string): string | null {
  for (const ext of ['.yaml', '.yml', '.json']) {
    const file = path.join(dir, base + ext);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Validates raw rule data; the error names the file and the field path. */
export function validateRules(raw: unknown, file: string): RuleFile {
  const parsed = ruleFileSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new RuleFileError(file, issue.path.map(String).join('.'), issue.message);
}

/**
 * The files a rule set reads, each read once. `close` drops their texts once
 * the checks are compiled: a compiled check may keep the resources in its
 * closure's scope (V8 shares one scope between a function's closures), and the
 * texts, the model files above all, would then stay in the heap for as long
 * as the rules serve.
 */
function resourcesFor(dir: string, file: string, hash: ReturnType<typeof createHash>): { resources: RuleResources; close(): void } {
  const cache = new Map<string, string>();
  let closed = false;
  const readText = (rel: string): string => {
    if (closed) throw new Error(`"${rel}" read after the rules were compiled: checks read their files in compile`);
    const full = path.resolve(dir, rel);
    if (!full.startsWith(path.resolve(dir) + path.sep)) throw new RuleFileError(file, '', `"${rel}" is outside the rules directory`);
    let text = cache.get(full);
    if (text === undefined) {
      if (!existsSync(full)) throw new RuleFileError(file, '', `refers to "${rel}", which does not exist in ${dir}`);
      text = readFileSync(full, 'utf8');
      cache.set(full, text);
      hash.update(rel).update('\0').update(text).update('\0');
    }
    return text;
  };
  const resources: RuleResources = {
    readText,
    readJson: (rel) => {
      try {
        return JSON.parse(readText(rel));
      } catch (err) {
        if (err instanceof RuleFileError) throw err;
        throw new RuleFileError(file, '', `"${rel}" is not valid JSON: ${(err as Error).message}`);
      }
    },
  };
  return {
    resources,
    close: () => {
      closed = true;
      cache.clear();
    },
  };
}

/** Compiles validated rules; `version` is derived from everything read. */
export function compileRules(rules: RuleFile, opts: { dir: string; file: string; site: string | null; sourceText: string }): CompiledRuleSet {
  const hash = createHash('sha256').update(opts.sourceText).update('\0');
  const { resources, close } = resourcesFor(opts.dir, opts.file, hash);
  const compileCheck = (module: (typeof CHECKS)[number], config: unknown, where: string): CompiledCheck => {
    try {
      return { name: module.name, run: (module.compile as (c: unknown, r: RuleResources) => CompiledCheck['run'])(config, resources) };
    } catch (err) {
      if (err instanceof RuleFileError) throw new RuleFileError(err.file, `${where}.${module.name}${err.fieldPath ? `.${err.fieldPath}` : ''}`, err.problem);
      throw new RuleFileError(opts.file, `${where}.${module.name}`, (err as Error).message);
    }
  };
  const base = rules.checks as Record<string, unknown>;
  const checks = CHECKS.map((module) => compileCheck(module, base[module.name], 'checks'));
  const checksByLanguage = new Map<string, CompiledRuleSet['checks']>();
  for (const [code, override] of Object.entries(rules.languages.overrides)) {
    checksByLanguage.set(code, compileOverride(base, override.checks, checks, `languages.overrides.${code}.checks`, opts.file, compileCheck));
  }
  close();
  return {
    version: hash.digest('hex').slice(0, 12),
    site: opts.site,
    policy: rules.policy,
    checks,
    language: languagePolicy(rules.languages),
    languageSupport: languageSupport(rules),
    ...(checksByLanguage.size > 0 && { checksByLanguage }),
    historyWindowSeconds: historyWindowSeconds(rules.checks.history),
    retention: rules.retention,
    reports: rules.reports,
    appeals: rules.appeals,
    authors: rules.authors,
  };
}

/** English (the tiers' own lists, the models) plus the languages the rule file gives lists or models for. */
function languageSupport(rules: RuleFile): NonNullable<CompiledRuleSet['languageSupport']> {
  const { profanity, classifier } = rules.checks;
  const hasLists = profanity.enabled && profanity.tiers.length > 0;
  const hasModels = classifier.enabled && Object.keys(classifier.labels).length > 0;
  return {
    profanity: hasLists ? ['en', ...Object.keys(profanity.languages).filter((code) => code !== 'en')] : [],
    classifier: hasModels ? classifier.languages : [],
  };
}

/**
 * The checks for one language: its overrides merged over the site's check
 * settings and validated; a check whose settings did not change is the one
 * already compiled (models and word lists are not loaded twice).
 */
function compileOverride(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  compiled: CompiledRuleSet['checks'],
  where: string,
  file: string,
  compileCheck: (module: (typeof CHECKS)[number], config: unknown, where: string) => CompiledCheck,
): CompiledRuleSet['checks'] {
  const parsed = checksSchema.safeParse(deepMerge(base, override));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RuleFileError(file, [where, ...issue.path.map(String)].join('.'), issue.message);
  }
  const merged = parsed.data as Record<string, unknown>;
  return CHECKS.map((module, i) =>
    JSON.stringify(merged[module.name]) === JSON.stringify(base[module.name]) ? compiled[i]! : compileCheck(module, merged[module.name], where),
  );
}

/**
 * The rule book of a directory. `override` is merged over the default rule
 * file as a site file would be (e.g. `moderate eval --sweep` probing one
 * label's threshold); the version then names it too.
 */
export function loadRuleBook(dir: string, override?: Record<string, unknown>): RuleBook {
  const root = path.resolve(dir);
  const defaultFile = findRuleFile(root, 'default');
  if (!defaultFile) throw new RuleFileError(path.join(root, 'default.yaml'), '', 'the default rule file is missing');
  const fileText = readFileSync(defaultFile, 'utf8');
  const defaultText = override ? `${fileText}\0${JSON.stringify(override)}` : fileText;
  const parsed = parseFile(defaultFile, fileText);
  const defaultRaw = override ? deepMerge(parsed, override) : parsed;
  const defaultRules = compileRules(validateRules(defaultRaw, defaultFile), { dir: root, file: defaultFile, site: null, sourceText: defaultText });

  const sites = new Map<string, CompiledRuleSet>();
  const sitesDir = path.join(root, 'sites');
  if (existsSync(sitesDir)) {
    for (const entry of readdirSync(sitesDir).sort()) {
      const match = /^([A-Za-z0-9_.-]+)\.(ya?ml|json)$/.exec(entry);
      if (!match) continue;
      const site = match[1]!;
      const file = path.join(sitesDir, entry);
      const text = readFileSync(file, 'utf8');
      const merged = deepMerge(defaultRaw, parseFile(file, text));
      sites.set(site, compileRules(validateRules(merged, file), { dir: root, file, site, sourceText: defaultText + '\0' + text }));
    }
  }
  return { dir: root, defaultRules, sites, forSite: (site) => sites.get(site) ?? defaultRules };
}
