// POST /v1/rules/test, for admins tuning rules: one comment decided by the
// rules in service and, when given, by a candidate rule set, side by side.
// Nothing is stored and no history is read or written: both decisions see an
// empty history. Candidate rules may name list and model files by relative
// path; they are read from the service's rules directory, never outside it.
import { Router } from 'express';
import { z } from 'zod';
import { decide, prepare, type CompiledRuleSet } from '../moderation/engine';
import { EMPTY_HISTORY, type Decision } from '../moderation/types';
import { compileRules, RuleFileError, validateRules, type RuleBook } from '../ruleset/loader';
import { submitCommentBody } from './comment-schemas';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';
import { mayAccessSite } from '../access/moderators';
import { requireModeratorRole } from './moderation-access';
import type { ModeratorDirectory } from '../service/moderator-directory';

export interface RulesTestDeps {
  /** The same moderator keys as the moderation API: MODERATOR_KEYS and `moderate keys`. */
  directory: ModeratorDirectory;
  rules: () => RuleBook;
  now?: () => number;
}

/** Room for a 20k-character comment and a rule set with inline lists; the comment API's own limit is smaller. */
export const RULES_TEST_BODY_LIMIT = '256kb';

/**
 * Bounds on the candidate's shape, checked before it is validated or
 * compiled: compiling builds tries and sets from the lists, so list sizes
 * bound the work an admin key can ask for in one request.
 */
export const CANDIDATE_LIMITS = { maxDepth: 12, maxNodes: 20_000, maxArrayItems: 5_000, maxStringLength: 2_000 } as const;

const CANDIDATE_FILE = 'candidate';

export const rulesTestBody = z
  .object({
    comment: submitCommentBody.extend({ site: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a site name').optional() }).strict(),
    rules: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const invalidRules = (field: string, problem: string): ApiError =>
  new ApiError(400, 'invalid_rules', `rules${field ? `.${field}` : ''}: ${problem}`, { field, problem });

/** Throws invalid_rules at the first place the candidate exceeds CANDIDATE_LIMITS. */
export function checkCandidateSize(value: unknown): void {
  let nodes = 0;
  const walk = (node: unknown, at: string[]): void => {
    const field = at.join('.');
    if (++nodes > CANDIDATE_LIMITS.maxNodes) throw invalidRules(field, `the rule set has more than ${CANDIDATE_LIMITS.maxNodes} values`);
    if (at.length > CANDIDATE_LIMITS.maxDepth) throw invalidRules(field, `nested deeper than ${CANDIDATE_LIMITS.maxDepth} levels`);
    if (typeof node === 'string' && node.length > CANDIDATE_LIMITS.maxStringLength) {
      throw invalidRules(field, `longer than ${CANDIDATE_LIMITS.maxStringLength} characters`);
    }
    if (Array.isArray(node)) {
      if (node.length > CANDIDATE_LIMITS.maxArrayItems) throw invalidRules(field, `more than ${CANDIDATE_LIMITS.maxArrayItems} items`);
      node.forEach((item, i) => walk(item, [...at, String(i)]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) walk(item, [...at, key]);
    }
  };
  walk(value, []);
}

function compileCandidate(raw: Record<string, unknown>, book: RuleBook, site: string): CompiledRuleSet {
  checkCandidateSize(raw);
  try {
    const rules = validateRules(raw, CANDIDATE_FILE);
    return compileRules(rules, { dir: book.dir, file: CANDIDATE_FILE, site, sourceText: JSON.stringify(raw) });
  } catch (err) {
    if (!(err instanceof RuleFileError)) throw err;
    // The server's paths are nobody's business, not even an admin's.
    throw invalidRules(err.fieldPath, err.problem.split(book.dir).join('the rules directory'));
  }
}

const view = (d: Decision) => ({ action: d.action, reasons: d.reasons, scores: d.scores, rulesVersion: d.rulesVersion });

export function rulesTestRouter(deps: RulesTestDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const auth = requireModeratorRole(deps.directory, 'admin');

  router.post('/v1/rules/test', auth, ...jsonBody(RULES_TEST_BODY_LIMIT), (req, res) => {
    const { comment, rules: candidateRaw } = parseBody(rulesTestBody, req.body);
    const site = comment.site ?? 'default';
    if (!mayAccessSite(req.moderator!, site)) throw new ApiError(403, 'forbidden', `"${req.moderator!.name}" may not act on site "${site}"`);
    const book = deps.rules();
    const candidate = candidateRaw === undefined ? null : compileCandidate(candidateRaw, book, site);
    const prepared = prepare({ ...comment, site });
    const at = now();
    const current = decide(book.forSite(site), prepared, EMPTY_HISTORY, at);
    const proposed = candidate ? decide(candidate, prepared, EMPTY_HISTORY, at) : null;
    res.json({
      site,
      current: view(current),
      candidate: proposed ? view(proposed) : null,
      changed: proposed ? proposed.action !== current.action : null,
      history: 'not used: both decisions see an empty history',
    });
  });

  return router;
}
