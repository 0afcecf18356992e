// The checks, in the order the engine runs them. Cheap, decisive checks come
// first so `stopOnReject` can skip the classifier for obvious cases.
import type { CheckModule } from '../check-module';
import { classifierCheck } from './classifier';
import { dehumanisationCheck } from './dehumanisation';
import { historyCheck } from './history';
import { linksCheck } from './links';
import { patternsCheck } from './patterns';
import { profanityCheck } from './profanity';
import { shapeCheck } from './shape';
import { threatCheck } from './threat';
import { validityCheck } from './validity';

export const CHECKS = [
  validityCheck,
  profanityCheck,
  threatCheck,
  dehumanisationCheck,
  linksCheck,
  patternsCheck,
  shapeCheck,
  historyCheck,
  classifierCheck,
] as const satisfies readonly CheckModule[];
