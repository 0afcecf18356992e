// Languages on the Perspective endpoint. The engine detects every comment's
// language; an attribute is served only in the languages behind it: PROFANITY
// in English and every language with word lists in the site's rules, the
// model attributes in the languages the models read (English). Otherwise the
// answer is Perspective's own refusal, LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE,
// rather than a score the rules cannot stand behind.
import type { CompiledRuleSet } from '../../moderation/engine';
import type { Decision } from '../../moderation/types';
import { UNKNOWN } from '../../moderation/language/detect';
import { echoed } from '../errors';
import type { Attribute } from './attribute-scores';
import { invalidArgument, PerspectiveError } from './perspective-errors';
import type { RequestedAttribute } from './perspective-request';

const ERROR_TYPE = 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error';

/** The request's `languages`, checked for shape only (whether they are served is decided per attribute). */
export function requestedLanguages(body: Record<string, unknown>): string[] {
  const raw = body.languages;
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((l): l is string => typeof l === 'string')) throw invalidArgument('languages must be a list of language codes.');
  return raw;
}

const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0]!;

function servedIn(rules: CompiledRuleSet, attribute: Attribute): readonly string[] {
  const support = rules.languageSupport ?? { profanity: ['en'], classifier: ['en'] };
  return attribute === 'PROFANITY' ? support.profanity : support.classifier;
}

/**
 * The languages the answer is for: those requested, else the detected one
 * (English for a text too short to tell, which the English models score).
 * Throws LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE for the first attribute that
 * serves none of the requested languages, or not the detected one.
 */
export function answerLanguages(rules: CompiledRuleSet, decision: Decision, requested: string[], attributes: RequestedAttribute[]): { languages: string[]; detectedLanguages: string[] } {
  const detected = decision.language && decision.language.code !== UNKNOWN ? [decision.language.code] : [];
  const languages = requested.length > 0 ? requested : detected.length > 0 ? detected : ['en'];
  for (const { name } of attributes) {
    const served = servedIn(rules, name);
    const refused = requested.length > 0 ? !requested.some((l) => served.includes(primary(l))) : false;
    const undetected = detected.length > 0 && !served.includes(detected[0]!);
    if (refused || undetected) {
      const shown = refused ? requested : detected;
      throw new PerspectiveError(400, 'INVALID_ARGUMENT', `Attribute ${name} does not support request languages: ${echoed(shown.join(','))}`, {}, [
        { '@type': ERROR_TYPE, errorType: 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE', languageNotSupportedByAttributeError: { detectedLanguages: detected.length > 0 ? detected : shown, attribute: name } },
      ]);
    }
  }
  return { languages, detectedLanguages: detected };
}
