// Imports flow one way. Each folder of src/ may import only from the folders
// its rule names (and from itself); a new arrow that points the wrong way
// fails here, naming the file, the import and the rule.
//
//   main.ts, service-runner.ts   start everything
//   app.ts                       assembles the HTTP app
//   cli/                         the `moderate` command
//   api/                         HTTP only: the database only through the Store object it is given
//                                (types from store/, never its modules' values)
//   service/                     what the service does (submit, moderate, webhooks, retention, …)
//   evaluation/                  measuring rules and models on labelled data
//   ruleset/                     rule files: schema, loading, replay
//   store/                       every database access (MongoDB, and the embedded database beside it)
//   access/                      keys, moderators and roles
//   moderation/                  the pure engine and its checks
//   classifier/                  features, models and training (no engine, no rules)
//   db/                          connecting, and the embedded database process
//   config.ts, logger.ts, util/  leaves
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

// Type-only imports (import type …) may also reach these rooms: a document's
// shape or a repository's interface, never code that runs.
const TYPES_FROM: Record<string, string[]> = {
  api: ['store'],
  moderation: [],
};

const ALLOWED: Record<string, string[]> = {
  'main.ts': ['*'],
  'service-runner.ts': ['*'],
  'app.ts': ['api', 'service', 'store', 'access', 'moderation', 'ruleset', 'logger.ts', 'config.ts'],
  cli: ['service', 'store', 'evaluation', 'ruleset', 'moderation', 'classifier', 'access', 'db', 'config.ts', 'logger.ts', 'util'],
  api: ['service', 'access', 'moderation', 'ruleset', 'logger.ts', 'util'],
  service: ['store', 'access', 'moderation', 'ruleset', 'util', 'logger.ts'],
  evaluation: ['moderation', 'ruleset', 'classifier', 'util'],
  ruleset: ['moderation', 'classifier', 'util'],
  store: ['moderation', 'access', 'db', 'util', 'config.ts'],
  access: ['util'],
  moderation: ['classifier', 'util'],
  classifier: ['util'],
  db: ['config.ts', 'util'],
  'config.ts': [],
  'logger.ts': [],
  util: [],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level room of a file or folder of src/: its first path segment. */
const roomOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(type\s)?[^;]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;

describe('imports between the folders of src/', () => {
  const all = files(SRC);

  it('every room of src/ has a rule', () => {
    expect([...new Set(all.map(roomOf))].filter((room) => !(room in ALLOWED))).toEqual([]);
  });

  it('point only the allowed way', () => {
    const wrong: string[] = [];
    for (const file of all) {
      const from = roomOf(file);
      const allowed = ALLOWED[from] ?? [];
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const typeOnly = m[1] !== undefined;
        const spec = m[2] ?? m[3] ?? m[4]!;
        if (!spec.startsWith('.')) continue;
        const to = roomOf(path.resolve(path.dirname(file), spec) + (spec.endsWith('.ts') ? '' : '.ts'));
        const target = to;
        if (target === from || allowed.includes('*') || allowed.includes(target)) continue;
        if (typeOnly && (TYPES_FROM[from] ?? []).includes(target)) continue;
        wrong.push(`${path.relative(SRC, file)} imports ${spec} (${from} may import ${allowed.join(', ') || 'nothing of src'})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
